"""No input makes the event pages answer 500: arbitrary text in every field and parameter."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db, limiter
from tests.conftest import log_in
from tests.factories import event_form, make_account, make_association, make_event

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
EVENT_FIELDS = (
    "title_kk", "title_ru", "title_en", "description_kk", "description_ru", "description_en",
    "task_number", "starts_at", "ends_at", "format", "region_id", "locality", "venue_address",
    "online_url", "languages", "registration_url", "capacity", "has_step_free_access",
    "has_sign_language", "has_simultaneous_translation", "action",
)  # fmt: skip
FILTER_PARAMS = (
    "task",
    "region",
    "from",
    "to",
    "format",
    "lang",
    "association",
    "community",
    "access",
    "q",
    "page",
)


def values_for(names):
    return st.fixed_dictionaries({}, optional={name: any_text for name in names})


@pytest.fixture
def member(app):
    with app.app_context():
        association = make_association(slug="fuzzers")
        make_account(email="fuzz@example.kz", association=association)
        event_id = make_event(association, status="approved").id
        db.session.commit()
    client = app.test_client()
    log_in(client, "fuzz@example.kz")
    return client, event_id


@FUZZ
@given(values=values_for(EVENT_FIELDS))
def test_new_event_form_never_crashes(app, member, values):
    client, _ = member
    limiter.reset()
    with app.app_context():
        data = {**event_form(), **values}
    assert client.post("/kk/dashboard/events/new", data=data).status_code < 500


@FUZZ
@given(values=values_for(EVENT_FIELDS))
def test_editing_an_approved_event_never_crashes(app, member, values):
    client, event_id = member
    with app.app_context():
        data = {**event_form(), **values}
    assert client.post(f"/ru/dashboard/events/{event_id}/edit", data=data).status_code < 500


@FUZZ
@given(values=values_for(FILTER_PARAMS))
def test_event_list_and_feeds_never_crash(app, values):
    client = app.test_client()
    for url in ("/en/events", "/en/events.ics", "/en/events.atom"):
        assert client.get(url, query_string=values).status_code == 200


@FUZZ
@given(values=values_for(("reason", "text")))
def test_report_form_never_crashes(app, member, values):
    _, event_id = member
    limiter.reset()
    with app.app_context():
        from app.events.models import Event

        slug = db.session.get(Event, event_id).slug
    response = app.test_client().post(f"/kk/events/{event_id}-{slug}/report", data=values)
    assert response.status_code < 500
