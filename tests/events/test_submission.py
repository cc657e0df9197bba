"""An approved association submits, drafts, edits, withdraws and cancels its events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.associations.models import Association
from app.events.lifecycle import apply_revision_transition, apply_transition
from app.events.models import Event, EventRevision
from app.extensions import db
from tests.conftest import log_in
from tests.factories import event_form, make_account, make_association, make_event


@pytest.fixture
def member(app, client):
    with app.app_context():
        association = make_association(slug="koreans")
        make_account(association=association)
        db.session.commit()
    log_in(client, "chair@example.kz")
    return client


def post_event(client, app, lang="en", url="/dashboard/events/new", **overrides):
    with app.app_context():
        data = event_form(**overrides)
    return client.post(f"/{lang}{url}", data=data)


def only_event(app) -> Event:
    with app.app_context():
        event = db.session.scalars(db.select(Event)).one()
        db.session.expunge(event)
        return event


def test_submitting_an_event_sends_it_to_review_with_utc_times(app, member):
    response = post_event(member, app)
    assert response.status_code == 302
    event = only_event(app)
    assert event.status == "submitted"
    assert event.task_number == 6
    assert event.starts_at == datetime(2099, 3, 21, 13, 0, tzinfo=UTC)
    assert (event.held_in_kk, event.held_in_ru, event.held_in_en) == (True, True, False)
    assert event.slug == "nauryz-merekesi"
    assert event.capacity == 120 and event.has_step_free_access


def test_a_draft_needs_only_a_title(app, member):
    response = post_event(
        member,
        app,
        action="save",
        task_number=None,
        starts_at=None,
        ends_at=None,
        region_id=None,
        locality=None,
        venue_address=None,
        languages=None,
    )
    assert response.status_code == 302
    event = only_event(app)
    assert (event.status, event.task_number, event.starts_at) == ("draft", None, None)


def test_a_draft_is_finished_later_and_submitted(app, member):
    post_event(member, app, action="save", task_number=None)
    event = only_event(app)
    response = post_event(member, app, url=f"/dashboard/events/{event.id}/edit")
    assert response.status_code == 302
    assert only_event(app).status == "submitted"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title_kk": "", "title_ru": ""}, "title_kk", "Give the title in at least one language."),
        ({"task_number": None}, "task_number", "Choose the statutory task this event advances."),
        ({"task_number": "7"}, "task_number", "Not a valid choice"),
        ({"starts_at": None}, "starts_at", "Enter the date and time the event starts."),
        (
            {"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T12:00"},
            "starts_at",
            "A new event cannot start in the past.",
        ),
        ({"starts_at": "tomorrow"}, "starts_at", "Not a valid datetime value."),
        ({"starts_at": "0001-01-01T10:00"}, "starts_at", "Enter a date in the years 2000 to 2100."),
        ({"ends_at": "9999-12-31T23:59"}, "ends_at", "Enter a date in the years 2000 to 2100."),
        ({"title_en": "Той\x01 кеші"}, "title_en", "invisible control character (U+0001)"),
        ({"title_ru": "Той\nкеші"}, "title_ru", "Write this on one line"),
        ({"description_kk": "Той\x1b кеші"}, "description_kk", "control character (U+001B)"),
        ({"ends_at": "2099-03-21T17:00"}, "ends_at", "The end must be after the start."),
        ({"region_id": ""}, "region_id", "Choose the region."),
        ({"venue_address": ""}, "venue_address", "Enter the venue and its address."),
        ({"format": "online"}, "online_url", "Give the link to join online."),
        ({"format": "hybrid", "online_url": "zoom"}, "online_url", "starting with https://"),
        ({"format": "teleport"}, "format", "Not a valid choice"),
        ({"languages": []}, "languages", "Choose at least one language."),
        ({"registration_url": "javascript:alert(1)"}, "registration_url", "https://"),
        ({"capacity": "0"}, "capacity", "Enter a number from 1 to 1,000,000."),
        ({"capacity": "many"}, "capacity", "Not a valid integer value."),
    ],
)
def test_each_rule_shows_its_error_next_to_the_field(app, member, overrides, field, message):
    response = post_event(member, app, **overrides)
    assert response.status_code == 200
    page = response.text
    error = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert "Достық үйі, Абай даңғылы, 12" in page or overrides.get("venue_address") == ""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_refused_text_and_dates_are_shown_back_as_typed(app, member):
    response = post_event(
        member, app, title_en="Той\x01 кеші", starts_at="0001-01-01T10:00", lang="kk"
    )
    assert response.status_code == 200
    assert 'value="Той\x01 кеші"' in response.text
    assert 'value="0001-01-01T10:00"' in response.text
    assert "2000–2100 жылдар аралығындағы күнді енгізіңіз." in response.text
    assert "көрінбейтін басқару таңбасы (U+0001)" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_the_date_inputs_tell_the_browser_the_supported_years(app, member):
    page = member.get("/en/dashboard/events/new").text
    for field in ("starts_at", "ends_at"):
        tag = page.split(f'id="{field}"', 1)[1].split(">", 1)[0]
        assert 'min="2000-01-01T00:00"' in tag and 'max="2100-12-31T23:59"' in tag


def test_online_event_needs_no_venue(app, member):
    post_event(
        member,
        app,
        format="online",
        online_url="https://meet.example.kz/nauryz",
        region_id="",
        locality="",
        venue_address="",
    )
    event = only_event(app)
    assert (event.status, event.region_id, event.online_url) == (
        "submitted",
        None,
        "https://meet.example.kz/nauryz",
    )


def test_a_pending_association_cannot_submit_events(app, client):
    with app.app_context():
        make_account(association=make_association(status="pending"))
        db.session.commit()
    log_in(client, "chair@example.kz")
    assert client.get("/en/dashboard/events/new").status_code == 403
    assert post_event(client, app).status_code == 403


def test_dashboard_lists_events_with_their_state_and_reason(app, member):
    post_event(member, app)
    event = only_event(app)
    with app.app_context():
        apply_transition(
            db.session.get(Event, event.id), "request_changes", None, "Мекенжайды нақтылаңыз."
        )
        db.session.commit()
    for page in (member.get("/en/dashboard").text, member.get("/en/dashboard/events").text):
        assert "Changes requested" in page
        assert "Мекенжайды нақтылаңыз." in page


def test_withdrawing_and_reopening(app, member):
    post_event(member, app)
    event = only_event(app)
    assert member.post(f"/en/dashboard/events/{event.id}/withdraw").status_code == 302
    assert only_event(app).status == "withdrawn"
    post_event(member, app, url=f"/dashboard/events/{event.id}/edit", action="save")
    assert only_event(app).status == "draft"


def approve(app, event_id):
    with app.app_context():
        apply_transition(db.session.get(Event, event_id), "approve", None)
        db.session.commit()


def test_editing_an_approved_event_makes_a_revision_and_keeps_the_public_version(app, member):
    post_event(member, app)
    event = only_event(app)
    approve(app, event.id)
    response = post_event(
        member,
        app,
        url=f"/dashboard/events/{event.id}/edit",
        title_kk="Наурыз тойы",
        starts_at="2099-03-22T18:00",
        ends_at="2099-03-22T21:00",
    )
    assert response.status_code == 302
    public = only_event(app)
    assert (public.status, public.title_kk, public.sequence) == ("approved", "Наурыз мерекесі", 0)
    with app.app_context():
        revision = db.session.scalars(db.select(EventRevision)).one()
        assert revision.status == "submitted"
        assert set(revision.data) == {"title_kk", "starts_at", "ends_at"}
        # The form shows the waiting changes, not the published ones.
    assert 'value="Наурыз тойы"' in member.get(f"/en/dashboard/events/{event.id}/edit").text
    with app.app_context():
        apply_revision_transition(db.session.get(EventRevision, revision.id), "approve", None)
        db.session.commit()
    public = only_event(app)
    assert public.title_kk == "Наурыз тойы"
    assert public.starts_at == datetime(2099, 3, 22, 13, 0, tzinfo=UTC)
    assert public.sequence == 1


def test_a_second_edit_updates_the_waiting_revision(app, member):
    post_event(member, app)
    event = only_event(app)
    approve(app, event.id)
    for title in ("Бірінші түзету", "Екінші түзету"):
        post_event(member, app, url=f"/dashboard/events/{event.id}/edit", title_kk=title)
    with app.app_context():
        (revision,) = db.session.scalars(db.select(EventRevision))
        assert revision.data == {"title_kk": "Екінші түзету"}


def test_cancelling_an_approved_event_keeps_it_marked_cancelled(app, member):
    post_event(member, app)
    event = only_event(app)
    approve(app, event.id)
    response = member.post(
        f"/en/dashboard/events/{event.id}/cancel", data={"reason": "Залды жөндеу"}
    )
    assert response.status_code == 302
    cancelled = only_event(app)
    assert (cancelled.status, cancelled.status_reason, cancelled.sequence) == (
        "cancelled",
        "Залды жөндеу",
        1,
    )
    assert member.post(f"/en/dashboard/events/{event.id}/cancel").status_code == 403


def test_another_association_cannot_touch_the_event(app, member):
    post_event(member, app)
    event = only_event(app)
    with app.app_context():
        make_account(email="other@example.kz", association=make_association(slug="other"))
        db.session.commit()
    other = app.test_client()
    log_in(other, "other@example.kz")
    assert other.get(f"/en/dashboard/events/{event.id}/edit").status_code == 404
    assert other.post(f"/en/dashboard/events/{event.id}/withdraw").status_code == 404
    assert other.post(f"/en/dashboard/events/{event.id}/cancel").status_code == 404
    assert "Наурыз" not in other.get("/en/dashboard/events").text
    assert only_event(app).status == "submitted"


def test_rejected_events_cannot_be_edited(app, member):
    with app.app_context():
        association = db.session.scalars(db.select(Association).filter_by(slug="koreans")).one()
        event_id = make_event(association=association, status="rejected").id
        db.session.commit()
    assert member.get(f"/en/dashboard/events/{event_id}/edit").status_code == 403
