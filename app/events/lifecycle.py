"""The one place that says how an event, a revision of an approved event, a report from the
public and the after-the-fact review of a trusted association's event may change.

Views, templates and moderation only ask the machines below and call the ``apply_*``
functions; a transition that is not in a table is impossible from any route, and every one is
written to the audit log.
"""

from __future__ import annotations

from app.audit import record
from app.db import utcnow
from app.events.content import decode
from app.events.models import Event, EventRevision, EventStatus, Report, ReportStatus
from app.events.queries import pending_revision
from app.lifecycle import StateMachine, TransitionError

__all__ = [
    "EDITABLE",
    "EVENT",
    "POST_REVIEW",
    "REPORT",
    "REVISION",
    "TransitionError",
    "apply_post_review",
    "apply_report_transition",
    "apply_revision_transition",
    "apply_transition",
    "is_edited_through_revision",
    "post_review_state",
]

S = EventStatus
MODERATOR_DECISIONS = frozenset({"approve", "reject", "request_changes", "unpublish"})

# Review: what waits for a moderator, an event's or a revision's, moves the same way.
REVIEW = {
    (S.SUBMITTED, "approve"): S.APPROVED,
    (S.SUBMITTED, "reject"): S.REJECTED,
    (S.SUBMITTED, "request_changes"): S.CHANGES_REQUESTED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, "submit"): S.SUBMITTED,
    (S.CHANGES_REQUESTED, "withdraw"): S.WITHDRAWN,
}

EVENT = StateMachine(
    "event",
    {
        **REVIEW,
        (S.DRAFT, "submit"): S.SUBMITTED,
        (S.WITHDRAWN, "reopen"): S.DRAFT,
        (S.APPROVED, "cancel"): S.CANCELLED,
        # A moderator takes a published event off the site, e.g. after a report.
        (S.APPROVED, "unpublish"): S.UNPUBLISHED,
        (S.CANCELLED, "unpublish"): S.UNPUBLISHED,
    },
    reason_required=frozenset({"reject", "request_changes", "unpublish"}),
    decisions=MODERATOR_DECISIONS,
)

# A revision proposes changes to an approved event; the event stays approved meanwhile.
# "new" is a revision being created: it enters the machine by being submitted.
NEW_REVISION = "new"
REVISION = StateMachine(
    "revision",
    {
        **REVIEW,
        (NEW_REVISION, "submit"): S.SUBMITTED,
        # The event was cancelled or taken off the site: its waiting changes lapse.
        (S.SUBMITTED, "close"): S.WITHDRAWN,
        (S.CHANGES_REQUESTED, "close"): S.WITHDRAWN,
    },
    reason_required=frozenset({"reject", "request_changes"}),
    decisions=MODERATOR_DECISIONS,
)

REPORT = StateMachine(
    "report",
    {
        (ReportStatus.OPEN, "dismiss"): ReportStatus.DISMISSED,
        (ReportStatus.OPEN, "unpublish"): ReportStatus.UNPUBLISHED,
    },
    reason_required=frozenset({"unpublish"}),
    decisions=frozenset({"dismiss", "unpublish"}),
)

# A trusted association's event is approved by the rules, then looked at by a moderator.
TO_REVIEW, REVIEWED = "to_review", "reviewed"
POST_REVIEW = StateMachine(
    "post_review", {(TO_REVIEW, "reviewed"): REVIEWED}, decisions=frozenset({"reviewed"})
)

# Statuses in which the association may still change the event itself.
EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.WITHDRAWN})
# Actions after which changes waiting for review no longer apply.
CLOSES_REVISION = frozenset({"cancel", "unpublish"})


def is_edited_through_revision(event: Event) -> bool:
    """A published event keeps its public version; edits wait for review as a revision."""
    return event.status == S.APPROVED


def post_review_state(event: Event) -> str:
    waiting = event.is_auto_approved and event.post_reviewed_at is None
    return TO_REVIEW if waiting and event.status == S.APPROVED else REVIEWED


def apply_transition(event: Event, action: str, actor, reason: str | None = None) -> Event:
    """Move ``event`` through ``action``; stamps the time and writes the audit log."""
    before, reason = EVENT.move(event, action, reason)
    now = utcnow()
    event.status_reason = reason
    if action == "submit":
        event.submitted_at = now
    elif action == "approve":
        event.approved_at = now
    elif action == "cancel":
        event.cancelled_at = now
        event.sequence += 1
    record(actor, f"event.{action}", event, before=before, after=event.status, reason=reason)
    if action in CLOSES_REVISION:
        revision = pending_revision(event)
        if revision is not None:
            apply_revision_transition(revision, "close", actor)
    return event


def apply_revision_transition(
    revision: EventRevision, action: str, actor, reason: str | None = None
) -> EventRevision:
    """Move a revision through ``action``; approving it publishes its data on the event."""
    before, reason = REVISION.move(revision, action, reason)
    now = utcnow()
    revision.reason = reason
    if action == "submit":
        revision.submitted_at = now
    if action in REVISION.decisions:
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
        before=None if before == NEW_REVISION else before,
        after=revision.status,
        reason=reason,
        details={"event_id": revision.event_id, "fields": sorted(revision.data or {})},
    )
    return revision


def apply_report_transition(report: Report, action: str, actor, reason: str | None) -> Report:
    """Dismiss a report, or take the reported event off the site (with a reason)."""
    REPORT.next_status(report.status, action, reason)  # refuses before the event changes
    if action == "unpublish":
        apply_transition(report.event, "unpublish", actor, reason)
    before, reason = REPORT.move(report, action, reason)
    report.decided_at = utcnow()
    report.decided_by_id = getattr(actor, "id", None)
    report.decision_reason = reason
    record(
        actor,
        f"report.{action}",
        report,
        before=before,
        after=report.status,
        reason=reason,
        details={"event_id": report.event_id},
    )
    return report


def apply_post_review(event: Event, actor) -> Event:
    """A trusted association's event, approved by the rules, has now been looked at."""
    POST_REVIEW.next_status(post_review_state(event), "reviewed", None)
    event.post_reviewed_at = utcnow()
    record(actor, "event.post_review", event, before=event.status, after=event.status)
    return event
