"""The one place that says how an association's status, and its waiting profile changes, move.

Views, templates and moderation only call the machines and functions here; every change is
written to the audit log.
"""

from __future__ import annotations

from app.associations.models import Association, AssociationStatus
from app.audit import record
from app.db import utcnow
from app.lifecycle import StateMachine, TransitionError

__all__ = [
    "ASSOCIATION",
    "PROFILE_CHANGE",
    "TransitionError",
    "apply_profile_change",
    "apply_transition",
    "profile_change_state",
    "profile_changes_wait_for_review",
]

S = AssociationStatus

ASSOCIATION = StateMachine(
    "association",
    {
        (S.PENDING, "approve"): S.APPROVED,
        (S.PENDING, "reject"): S.REJECTED,
        (S.REJECTED, "resubmit"): S.PENDING,
        (S.APPROVED, "suspend"): S.SUSPENDED,
        (S.SUSPENDED, "reinstate"): S.APPROVED,
    },
    reason_required=frozenset({"reject", "suspend"}),
    decisions=frozenset({"approve", "reject"}),
)

# Name, BIN or community changes of an approved association wait for a moderator.
WAITING, NONE = "waiting", "none"
PROFILE_CHANGE = StateMachine(
    "profile_change",
    {(WAITING, "approve"): NONE, (WAITING, "reject"): NONE},
    reason_required=frozenset({"reject"}),
    decisions=frozenset({"approve", "reject"}),
)


def profile_changes_wait_for_review(association: Association) -> bool:
    """A public association's name, BIN and community change only after a moderator's look."""
    return association.is_public


def profile_change_state(association: Association) -> str:
    return WAITING if association.pending_changes else NONE


def apply_transition(
    association: Association, action: str, actor, reason: str | None = None
) -> Association:
    """Move the association through ``action``."""
    before, reason = ASSOCIATION.move(association, action, reason)
    association.status_reason = reason if ASSOCIATION.needs_reason(action) else None
    if association.status == S.APPROVED and association.approved_at is None:
        association.approved_at = utcnow()
    record(
        actor,
        f"association.{action}",
        association,
        before=before,
        after=association.status,
        reason=reason,
    )
    return association


def apply_profile_change(
    association: Association, action: str, actor, reason: str | None = None
) -> dict:
    """Publish (approve) or drop (reject) the waiting changes; returns them."""
    _, reason = PROFILE_CHANGE.next_status(profile_change_state(association), action, reason)
    changes = dict(association.pending_changes or {})
    if action == "approve":
        for field, value in changes.items():
            setattr(association, field, value)
    association.pending_changes = None
    record(
        actor,
        f"association.{action}_changes",
        association,
        reason=reason,
        details={"fields": changes},
    )
    return changes
