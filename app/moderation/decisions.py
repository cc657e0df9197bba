"""Moderators' decisions. Each goes through the item's own lifecycle, is written to the audit
log there, is told to the association by e-mail, and refuses to overwrite a decision another
moderator made meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.associations import lifecycle as association_lifecycle
from app.associations.models import Association
from app.audit import AuditEntry, record
from app.auth.models import User
from app.db import utcnow
from app.events import lifecycle as event_lifecycle
from app.events.models import Event, EventRevision
from app.events.report_model import Report, ReportStatus
from app.extensions import db
from app.moderation.notifications import notify_association


@dataclass
class ConflictError(Exception):
    """Someone else decided the item since the moderator opened it."""

    entry: AuditEntry | None

    def __str__(self) -> str:
        return "decided meanwhile"


def last_decision(subject_type: str, subject_id: int) -> AuditEntry | None:
    return db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
        .order_by(AuditEntry.id.desc())
    ).first()


def _check_version(item, seen_version: int | None) -> None:
    """The moderator decided on what they saw: if it changed since, nothing is overwritten."""
    if seen_version is not None and item.version != seen_version:
        raise ConflictError(last_decision(item.__tablename__, item.id))


def decide_association(
    association: Association,
    action: str,
    moderator: User,
    reason: str | None,
    seen_version: int | None,
) -> None:
    """approve or reject a pending association."""
    _check_version(association, seen_version)
    association_lifecycle.apply_transition(association, action, moderator, reason)
    notify_association(association, f"association_{action}", reason=reason)


def decide_profile_change(
    association: Association,
    action: str,
    moderator: User,
    reason: str | None,
    seen_version: int | None,
) -> None:
    """approve (publish) or reject the waiting name, BIN or community of an approved association."""
    _check_version(association, seen_version)
    changes = association.pending_changes
    if not changes:
        raise ConflictError(last_decision("associations", association.id))
    if action == "approve":
        for field, value in changes.items():
            setattr(association, field, value)
    elif not (reason or "").strip():
        raise association_lifecycle.TransitionError("reject needs a reason")
    association.pending_changes = None
    record(
        moderator,
        f"association.{action}_changes",
        association,
        reason=reason,
        details={"fields": changes},
    )
    notify_association(association, f"profile_{action}", reason=reason)


def decide_event(
    event: Event, action: str, moderator: User, reason: str | None, seen_version: int | None
) -> None:
    """approve, reject or request changes to a submitted event; unpublish a public one."""
    _check_version(event, seen_version)
    event_lifecycle.apply_transition(event, action, moderator, reason)
    notify_association(event.association, f"event_{action}", reason=reason, event=event)


def decide_revision(
    revision: EventRevision,
    action: str,
    moderator: User,
    reason: str | None,
    seen_version: int | None,
) -> None:
    """approve, reject or request changes to a revision of an approved event."""
    _check_version(revision, seen_version)
    event_lifecycle.apply_revision_transition(revision, action, moderator, reason)
    notify_association(
        revision.event.association, f"revision_{action}", reason=reason, event=revision.event
    )


def mark_reviewed(event: Event, moderator: User, seen_version: int | None) -> None:
    """A trusted association's event, approved by the rules, has now been looked at."""
    _check_version(event, seen_version)
    if event.post_reviewed_at is not None:
        raise ConflictError(last_decision("events", event.id))
    event.post_reviewed_at = utcnow()
    record(moderator, "event.post_review", event, before=event.status, after=event.status)


def decide_report(
    report: Report, action: str, moderator: User, reason: str | None, seen_version: int | None
) -> None:
    """dismiss a report, or unpublish the reported event (with a reason the association sees)."""
    _check_version(report, seen_version)
    if report.status != ReportStatus.OPEN:
        raise ConflictError(last_decision("reports", report.id))
    if action == "unpublish":
        decide_event(report.event, "unpublish", moderator, reason, None)
        report.status = ReportStatus.UNPUBLISHED
    elif action == "dismiss":
        report.status = ReportStatus.DISMISSED
    else:
        raise event_lifecycle.TransitionError(f"cannot {action} a report")
    report.decided_at = utcnow()
    report.decided_by_id = moderator.id
    report.decision_reason = (reason or "").strip() or None
    record(
        moderator,
        f"report.{action}",
        report,
        before="open",
        after=report.status,
        reason=report.decision_reason,
        details={"event_id": report.event_id},
    )
