"""No input makes the moderation pages answer 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from tests.factories import make_event

any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def values_for(names):
    return st.fixed_dictionaries({}, optional={name: any_text for name in names})


@FUZZ
@given(values=values_for(("action", "reason", "version")))
def test_decisions_never_crash(app, moderator, values):
    with app.app_context():
        event_id = make_event(status="submitted").id
        db.session.commit()
    response = moderator.post(f"/en/moderation/event/{event_id}/decide", data=values)
    assert response.status_code < 500


@FUZZ
@given(
    values=values_for(("kind", "task", "region")),
    log=values_for(("subject_type", "subject_id", "action", "actor", "page")),
)
def test_queue_and_log_filters_never_crash(app, moderator, values, log):
    assert moderator.get("/en/moderation", query_string=values).status_code == 200
    assert moderator.get("/en/moderation/log", query_string=log).status_code == 200


@FUZZ
@given(values=values_for(("text",)))
def test_notes_never_crash(app, moderator, values):
    with app.app_context():
        event_id = make_event(status="submitted").id
        db.session.commit()
    assert moderator.post(f"/en/moderation/event/{event_id}/notes", data=values).status_code < 500
