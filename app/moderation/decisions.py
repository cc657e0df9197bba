"""Moderators' decisions. Each goes through the item's own lifecycle, which writes the audit
log; the association is told by e-mail (sent once the decision is committed); and no decision
overwrites one another moderator made meanwhile."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.associations import lifecycle as association_lifecycle
from app.associations.models import Association
from app.audit import AuditEntry
from app.auth.models import User
from app.events import lifecycle as event_lifecycle
from app.events.models import Event, EventRevision, Report
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


def _still_open(item, is_open: bool) -> None:
    """An item already decided (its version unchanged) was decided by someone else's route."""
    if not is_open:
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
    _still_open(association, bool(association.pending_changes))
    association_lifecycle.apply_profile_change(association, action, moderator, reason)
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


def decide_trusted(
    event: Event, action: str, moderator: User, reason: str | None, seen_version: int | None
) -> None:
    """Mark a trusted association's event as looked at, or take it off the site."""
    if action != "reviewed":
        decide_event(event, action, moderator, reason, seen_version)
        return
    _check_version(event, seen_version)
    _still_open(event, event_lifecycle.post_review_state(event) == event_lifecycle.TO_REVIEW)
    event_lifecycle.apply_post_review(event, moderator)


def decide_report(
    report: Report, action: str, moderator: User, reason: str | None, seen_version: int | None
) -> None:
    """dismiss a report, or unpublish the reported event (with a reason the association sees)."""
    _check_version(report, seen_version)
    _still_open(report, bool(event_lifecycle.REPORT.actions(report.status)))
    event_lifecycle.apply_report_transition(report, action, moderator, reason)
    if action == "unpublish":
        notify_association(
            report.event.association, "event_unpublish", reason=reason, event=report.event
        )
