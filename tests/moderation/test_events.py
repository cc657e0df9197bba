"""Moderators decide on events, revisions, trusted associations' events and reports."""

from __future__ import annotations

import email

import pytest

from app.audit import AuditEntry
from app.events.models import Event, EventRevision, Report
from app.extensions import db
from tests.conftest import log_in
from tests.factories import event_form, make_account, make_association, make_event


def mails(outbox):
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def body(message) -> str:
    return message.get_payload(decode=True).decode()


@pytest.fixture
def submitted(app):
    with app.app_context():
        association = make_association(slug="koreans", name_kk="Корей орталығы")
        make_account(email="chair@example.kz", association=association, locale="kk")
        event = make_event(
            association, status="submitted", title_kk="Чхусок мерекесі", task_number=6
        )
        db.session.commit()
        return event.id


def event(app, event_id) -> Event:
    with app.app_context():
        row = db.session.get(Event, event_id)
        db.session.expunge(row)
        return row


def decide(client, kind, item_id, action, version, reason=None, **headers):
    data = {"action": action, "version": version}
    if reason:
        data["reason"] = reason
    return client.post(f"/en/moderation/{kind}/{item_id}/decide", data=data, headers=headers)


def test_review_page_previews_the_event_as_the_public_would_see_it(app, moderator, submitted):
    page = moderator.get(f"/en/moderation/event/{submitted}").text
    assert "Чхусок мерекесі" in page
    assert "Task 6" in page
    assert "Published events" in page  # the association's track record


@pytest.mark.parametrize(
    ("action", "reason", "status", "subject"),
    [
        ("approve", None, "approved", "Your event is published"),
        ("reject", "Тақырып жарғылық міндетке сай емес", "rejected", "was not accepted"),
        ("request_changes", "Мекенжайды көрсетіңіз", "changes_requested", "Please change"),
    ],
)
def test_each_event_decision_is_applied_mailed_and_logged(
    app, moderator, submitted, outbox, action, reason, status, subject
):
    version = event(app, submitted).version
    response = decide(moderator, "event", submitted, action, version, reason)
    assert response.status_code == 303
    assert event(app, submitted).status == status
    (message,) = mails(outbox)
    assert message["To"] == "chair@example.kz"
    assert "/kk/dashboard/events#event-" in body(message)
    if reason:
        assert reason in body(message)
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).filter_by(action=f"event.{action}")).one()
        assert (entry.state_before, entry.state_after, entry.reason) == (
            "submitted",
            status,
            reason,
        )
    public = app.test_client().get("/en/events").text
    assert ("Чхусок мерекесі" in public) == (status == "approved")


def test_reason_is_required_and_the_typed_text_kept_with_htmx(app, moderator, submitted):
    version = event(app, submitted).version
    response = decide(
        moderator, "event", submitted, "reject", version, None, **{"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Give a reason" in response.text
    assert event(app, submitted).status == "submitted"


def test_htmx_decision_moves_to_the_next_item_in_place(app, moderator, submitted):
    version = event(app, submitted).version
    response = decide(moderator, "event", submitted, "approve", version, **{"HX-Request": "true"})
    assert response.status_code == 204
    assert '"/en/moderation"' in response.headers["HX-Location"]


def test_revision_review_shows_a_field_by_field_difference(app, moderator, outbox):
    with app.app_context():
        association = make_association(slug="koreans")
        make_account(email="chair@example.kz", association=association)
        public = make_event(association, title_kk="Ескі атауы", capacity=50)
        revision = EventRevision(
            event=public, status="submitted", data={"title_kk": "Жаңа атауы", "capacity": 80}
        )
        db.session.add(revision)
        db.session.commit()
        revision_id, event_id, version = revision.id, public.id, revision.version
    page = moderator.get(f"/en/moderation/revision/{revision_id}").text
    for text in ("Ескі атауы", "Жаңа атауы", "50", "80", "Number of places"):
        assert text in page
    assert event(app, event_id).title_kk == "Ескі атауы"
    decide(moderator, "revision", revision_id, "approve", version)
    published = event(app, event_id)
    assert (published.title_kk, published.capacity, published.sequence) == ("Жаңа атауы", 80, 1)
    (message,) = mails(outbox)
    assert "/kk/dashboard/events#event-" in body(message)


def test_trusted_association_events_publish_at_once_and_wait_for_a_look(app, moderator):
    with app.app_context():
        association = make_association(slug="trusted", is_trusted=True)
        make_account(email="chair@example.kz", association=association)
        db.session.commit()
    member = app.test_client()
    log_in(member, "chair@example.kz")
    with app.app_context():
        data = event_form(title_kk="Сенімді шара")
    member.post("/en/dashboard/events/new", data=data)
    with app.app_context():
        row = db.session.scalars(db.select(Event)).one()
        assert (row.status, row.is_auto_approved, row.post_reviewed_at) == ("approved", True, None)
        auto = db.session.scalars(db.select(AuditEntry).filter_by(action="event.approve")).one()
        assert auto.actor_id is None and "trusted" in auto.reason
        event_id, version = row.id, row.version
    assert "Сенімді шара" in app.test_client().get("/en/events").text
    queue = moderator.get("/en/moderation?kind=trusted").text
    assert "Сенімді шара" in queue
    decide(moderator, "trusted", event_id, "reviewed", version)
    assert event(app, event_id).post_reviewed_at is not None
    assert "Сенімді шара" not in moderator.get("/en/moderation?kind=trusted").text


def test_a_report_can_lead_to_unpublishing(app, moderator, outbox):
    with app.app_context():
        association = make_association(slug="koreans")
        make_account(email="chair@example.kz", association=association)
        reported = make_event(association, title_kk="Күмәнді шара")
        report = Report(event=reported, reason="misleading", text="Күні дұрыс емес")
        db.session.add(report)
        db.session.commit()
        report_id, event_id, version = report.id, reported.id, report.version
    page = moderator.get(f"/en/moderation/report/{report_id}").text
    assert "Күні дұрыс емес" in page
    decide(moderator, "report", report_id, "unpublish", version, "Күні қате көрсетілген")
    assert event(app, event_id).status == "unpublished"
    assert "Күмәнді шара" not in app.test_client().get("/en/events").text
    assert "Күні қате көрсетілген" in body(mails(outbox)[0])
    with app.app_context():
        assert db.session.get(Report, report_id).status == "unpublished"


def test_a_report_can_be_dismissed(app, moderator):
    with app.app_context():
        reported = make_event(title_kk="Жақсы шара")
        report = Report(event=reported, reason="spam")
        db.session.add(report)
        db.session.commit()
        report_id, event_id, version = report.id, reported.id, report.version
    decide(moderator, "report", report_id, "dismiss", version)
    assert event(app, event_id).status == "approved"
    with app.app_context():
        assert db.session.get(Report, report_id).status == "dismissed"


@pytest.mark.parametrize(
    ("action", "reason", "status", "title"),
    [
        ("approve", None, "approved", "Жаңа атауы"),
        ("reject", "Күні ауыстырылмайды", "rejected", "Ескі атауы"),
        ("request_changes", "Себебін жазыңыз", "changes_requested", "Ескі атауы"),
    ],
)
def test_each_revision_decision_is_applied_mailed_and_logged(
    app, moderator, outbox, action, reason, status, title
):
    with app.app_context():
        association = make_association(slug="koreans")
        make_account(email="chair@example.kz", association=association, locale="ru")
        published = make_event(association, title_kk="Ескі атауы")
        revision = EventRevision(
            event=published, status="submitted", data={"title_kk": "Жаңа атауы"}
        )
        db.session.add(revision)
        db.session.commit()
        revision_id, event_id, version = revision.id, published.id, revision.version
    assert decide(moderator, "revision", revision_id, action, version, reason).status_code == 303
    assert event(app, event_id).title_kk == title
    assert event(app, event_id).status == "approved"
    (message,) = mails(outbox)
    assert "/ru/dashboard/events#event-" in body(message)
    if reason:
        assert reason in body(message)
    with app.app_context():
        assert db.session.get(EventRevision, revision_id).status == status
        entry = db.session.scalars(
            db.select(AuditEntry).filter_by(action=f"revision.{action}")
        ).one()
        assert (entry.state_before, entry.state_after, entry.reason) == (
            "submitted",
            status,
            reason,
        )
