"""Every allowed and every forbidden transition of an event and of a revision."""

from __future__ import annotations

import itertools

import pytest

from app.audit import AuditEntry
from app.events.lifecycle import (
    EVENT,
    REVISION,
    TransitionError,
    apply_revision_transition,
    apply_transition,
)
from app.events.models import EventRevision, EventStatus
from app.extensions import db
from tests.factories import make_event

EVENT_TRANSITIONS = EVENT.transitions
REASON_REQUIRED = EVENT.reason_required
REVISION_TRANSITIONS = REVISION.transitions
STATUSES = [status.value for status in EventStatus]
ACTIONS = sorted({action for _, action in EVENT_TRANSITIONS} | {"publish", "delete"})
REVISION_STATUSES = ["submitted", "changes_requested", "approved", "rejected", "withdrawn"]
REVISION_ACTIONS = sorted({action for _, action in REVISION_TRANSITIONS})


@pytest.mark.parametrize(("status", "action"), list(itertools.product(STATUSES, ACTIONS)))
def test_event_transition_table(app_context, status, action):
    event = make_event(status=status)
    expected = EVENT_TRANSITIONS.get((status, action))
    reason = "Толығырақ жазыңыз." if action in REASON_REQUIRED else None
    if expected is None:
        with pytest.raises(TransitionError):
            apply_transition(event, action, None, reason)
        assert event.status == status
        return
    apply_transition(event, action, None, reason)
    db.session.flush()
    assert event.status == expected
    entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.subject_id, entry.state_before, entry.state_after) == (
        f"event.{action}",
        event.id,
        status,
        expected,
    )


@pytest.mark.parametrize("action", sorted(REASON_REQUIRED))
def test_decisions_against_the_association_need_a_reason(app_context, action):
    status = next(status for status, name in EVENT_TRANSITIONS if name == action)
    event = make_event(status=status)
    with pytest.raises(TransitionError):
        apply_transition(event, action, None, "   ")
    assert event.status == status


def test_the_expected_lifecycle_is_in_the_table():
    path = [
        ("draft", "submit"),
        ("submitted", "request_changes"),
        ("changes_requested", "submit"),
        ("submitted", "approve"),
        ("approved", "cancel"),
    ]
    status = "draft"
    for expected_from, action in path:
        assert status == expected_from
        status = EVENT_TRANSITIONS[(status, action)]
    assert status == "cancelled"
    # Rejected and unpublished are final; a cancelled event can only be taken off the site.
    assert not [key for key in EVENT_TRANSITIONS if key[0] in ("rejected", "unpublished")]
    assert [key for key in EVENT_TRANSITIONS if key[0] == "cancelled"] == [
        ("cancelled", "unpublish")
    ]


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(REVISION_STATUSES, REVISION_ACTIONS))
)
def test_revision_transition_table(app_context, status, action):
    event = make_event(status="approved", title_kk="Бұрынғы атау")
    revision = EventRevision(event=event, status=status, data={"title_kk": "Жаңа атау"})
    db.session.add(revision)
    db.session.flush()
    expected = REVISION_TRANSITIONS.get((status, action))
    reason = "Себебі" if action in {"reject", "request_changes"} else None
    if expected is None:
        with pytest.raises(TransitionError):
            apply_revision_transition(revision, action, None, reason)
        assert revision.status == status
        return
    apply_revision_transition(revision, action, None, reason)
    assert revision.status == expected
    published = "Жаңа атау" if expected == "approved" else "Бұрынғы атау"
    assert event.title_kk == published
    assert event.status == "approved"
    assert event.sequence == (1 if expected == "approved" else 0)
