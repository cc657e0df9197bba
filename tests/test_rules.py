"""Screens agree with the rules they show: each bug here came from a rule written twice."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.audit import AuditEntry
from app.auth.models import Role
from app.events.models import Event, EventRevision, EventStatus
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association, make_event


@pytest.fixture
def member(app):
    """A logged-in member of an approved association, and that association's id."""
    with app.app_context():
        association = make_association(slug="own")
        make_account(email="member@example.kz", association=association, locale="en")
        db.session.commit()
        association_id = association.id
    client = app.test_client()
    assert log_in(client, "member@example.kz", lang="en").status_code == 302
    return client, association_id


def _event(app, association_id: int, **values) -> int:
    with app.app_context():
        association = db.session.get(Association, association_id)
        event = make_event(association=association, **values)
        db.session.commit()
        return event.id


def _waiting_revision(app, event_id: int) -> int:
    with app.app_context():
        revision = EventRevision(
            event_id=event_id, status=EventStatus.SUBMITTED, data={"title_kk": "Жаңа атау"}
        )
        db.session.add(revision)
        db.session.commit()
        return revision.id


def test_an_unpublished_event_shows_its_status_on_the_dashboard(app, member):
    client, association_id = member
    _event(app, association_id, status=EventStatus.UNPUBLISHED, status_reason="Spam")
    for url in ("/en/dashboard/events", "/en/dashboard"):
        page = client.get(url).text
        assert '<span class="badge badge--unpublished">Taken off the site</span>' in page


def test_a_suspended_association_is_not_offered_what_it_may_not_do(app, member):
    client, association_id = member
    event_id = _event(app, association_id)
    assert f"/en/dashboard/events/{event_id}/cancel" in client.get("/en/dashboard/events").text
    with app.app_context():
        association = db.session.get(Association, association_id)
        association.status = "suspended"
        db.session.commit()
    page = client.get("/en/dashboard/events").text
    assert f"/en/dashboard/events/{event_id}/cancel" not in page
    assert f"/en/dashboard/events/{event_id}/edit" not in page
    assert client.post(f"/en/dashboard/events/{event_id}/cancel").status_code == 403


def test_cancelling_an_event_closes_its_waiting_changes(app, member, outbox):
    client, association_id = member
    event_id = _event(app, association_id, title_kk="Бұрынғы атау")
    revision_id = _waiting_revision(app, event_id)
    page = client.get("/en/dashboard/events").text
    assert f"/en/dashboard/events/{event_id}/withdraw" in page

    assert client.post(f"/en/dashboard/events/{event_id}/cancel").status_code == 302
    page = client.get("/en/dashboard/events").text
    assert f"/en/dashboard/events/{event_id}/withdraw" not in page
    assert client.post(f"/en/dashboard/events/{event_id}/withdraw").status_code == 403
    with app.app_context():
        revision = db.session.get(EventRevision, revision_id)
        assert revision.status == EventStatus.WITHDRAWN
        closed = db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "revision.close")
        ).one()
        assert closed.subject_id == revision_id

    # The moderator can no longer publish the lapsed changes onto the cancelled event.
    with app.app_context():
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        db.session.commit()
    moderator = app.test_client()
    log_in(moderator, "mod@example.kz", lang="en")
    review = moderator.get(f"/en/moderation/revision/{revision_id}").text
    assert 'value="approve"' not in review
    answer = moderator.post(
        f"/en/moderation/revision/{revision_id}/decide", data={"action": "approve"}
    )
    assert answer.status_code == 200
    assert "This action is not possible for this item." in answer.text
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.status, event.title_kk) == (EventStatus.CANCELLED, "Бұрынғы атау")
    assert not [m for m in outbox.glob("*.eml") if "revision" in m.read_text(errors="ignore")]


def test_unpublishing_an_event_closes_its_waiting_changes(app, member):
    from app.events.lifecycle import apply_transition

    _, association_id = member
    event_id = _event(app, association_id)
    revision_id = _waiting_revision(app, event_id)
    with app.app_context():
        event = db.session.get(Event, event_id)
        apply_transition(event, "unpublish", None, "Жарнама")
        db.session.commit()
        assert db.session.get(EventRevision, revision_id).status == EventStatus.WITHDRAWN
