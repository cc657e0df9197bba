"""The one place that says how an event, and a revision of an approved event, may change state.

Views and services only call :func:`apply_transition` / :func:`apply_revision_transition`;
a transition that is not in the tables below is impossible from any route.
"""

from __future__ import annotations

from app.audit import record
from app.db import utcnow
from app.events.content import decode
from app.events.models import Event, EventRevision, EventStatus

S = EventStatus

EVENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "approve"): S.APPROVED,
    (S.SUBMITTED, "reject"): S.REJECTED,
    (S.SUBMITTED, "request_changes"): S.CHANGES_REQUESTED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, "submit"): S.SUBMITTED,
    (S.CHANGES_REQUESTED, "withdraw"): S.WITHDRAWN,
    (S.WITHDRAWN, "reopen"): S.DRAFT,
    (S.APPROVED, "cancel"): S.CANCELLED,
    # A moderator takes a published event off the site, e.g. after a report.
    (S.APPROVED, "unpublish"): S.UNPUBLISHED,
    (S.CANCELLED, "unpublish"): S.UNPUBLISHED,
}

# A revision proposes changes to an approved event; the event stays approved meanwhile.
REVISION_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, "approve"): S.APPROVED,
    (S.SUBMITTED, "reject"): S.REJECTED,
    (S.SUBMITTED, "request_changes"): S.CHANGES_REQUESTED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, "submit"): S.SUBMITTED,
    (S.CHANGES_REQUESTED, "withdraw"): S.WITHDRAWN,
}

REASON_REQUIRED = {"reject", "request_changes", "unpublish"}
# Statuses in which the association may still change the event itself.
EDITABLE = {S.DRAFT, S.CHANGES_REQUESTED, S.WITHDRAWN}
# Statuses whose data the public sees.
PUBLIC = {S.APPROVED, S.CANCELLED}
# Moderator decisions, as opposed to the association's own actions.
DECISIONS = {"approve", "reject", "request_changes", "unpublish"}


class TransitionError(Exception):
    """The action is not allowed from the current status, or lacks its reason."""


def _check(table, status: str, action: str, reason: str | None) -> tuple[str, str | None]:
    new_status = table.get((status, action))
    if new_status is None:
        raise TransitionError(f"cannot {action} from {status}")
    reason = (reason or "").strip() or None
    if action in REASON_REQUIRED and not reason:
        raise TransitionError(f"{action} needs a reason")
    return new_status, reason


def allowed_actions(event: Event) -> set[str]:
    return {action for (status, action) in EVENT_TRANSITIONS if status == event.status}


def apply_transition(event: Event, action: str, actor, reason: str | None = None) -> Event:
    """Move ``event`` through ``action``; stamps the time and writes the audit log."""
    new_status, reason = _check(EVENT_TRANSITIONS, event.status, action, reason)
    before = event.status
    now = utcnow()
    event.status = new_status
    event.status_reason = reason
    if action == "submit":
        event.submitted_at = now
    elif action == "approve":
        event.approved_at = now
    elif action == "cancel":
        event.cancelled_at = now
        event.sequence += 1
    record(actor, f"event.{action}", event, before=before, after=new_status, reason=reason)
    return event


def apply_revision_transition(
    revision: EventRevision, action: str, actor, reason: str | None = None
) -> EventRevision:
    """Move a revision through ``action``; approving it publishes its data on the event."""
    new_status, reason = _check(REVISION_TRANSITIONS, revision.status, action, reason)
    before = revision.status
    now = utcnow()
    revision.status = new_status
    revision.reason = reason
    if action == "submit":
        revision.submitted_at = now
    if action in DECISIONS:
        revision.decided_at = now
        revision.decided_by_id = getattr(actor, "id", None)
    if action == "approve":
        event = revision.event
        for field, value in decode(revision.data).items():
            setattr(event, field, value)
        event.sequence += 1
    record(
        actor,
        f"revision.{action}",
        revision,
        before=before,
        after=new_status,
        reason=reason,
        details={"event_id": revision.event_id},
    )
    return revision
