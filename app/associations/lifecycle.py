"""The one place that says how an association's status may change."""

from __future__ import annotations

from app.associations.models import Association, AssociationStatus
from app.audit import record
from app.db import utcnow

S = AssociationStatus

# (status, action) -> new status
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PENDING, "approve"): S.APPROVED,
    (S.PENDING, "reject"): S.REJECTED,
    (S.REJECTED, "resubmit"): S.PENDING,
    (S.APPROVED, "suspend"): S.SUSPENDED,
    (S.SUSPENDED, "reinstate"): S.APPROVED,
}
REASON_REQUIRED = {"reject", "suspend"}


class TransitionError(Exception):
    """The action is not allowed from the association's current status."""


def allowed_actions(association: Association) -> set[str]:
    return {action for (status, action) in TRANSITIONS if status == association.status}


def apply_transition(
    association: Association, action: str, actor, reason: str | None = None
) -> Association:
    """Move the association through ``action``; every change is written to the audit log."""
    new_status = TRANSITIONS.get((association.status, action))
    if new_status is None:
        raise TransitionError(f"cannot {action} an association that is {association.status}")
    reason = (reason or "").strip() or None
    if action in REASON_REQUIRED and not reason:
        raise TransitionError(f"{action} needs a reason")
    before = association.status
    association.status = new_status
    association.status_reason = reason if action in REASON_REQUIRED else None
    if new_status == S.APPROVED and association.approved_at is None:
        association.approved_at = utcnow()
    record(
        actor, f"association.{action}", association, before=before, after=new_status, reason=reason
    )
    return association
