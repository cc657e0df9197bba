"""The decisions about one association and its events, as its members see them."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.audit import AuditEntry
from app.events.models import Event, EventRevision
from app.extensions import db
from app.moderation.views import bp

# Actions that are a moderator's (or an admin's) word to the association.
DECISION_ACTIONS = (
    "association.approve", "association.reject", "association.suspend",
    "association.reinstate", "association.approve_changes", "association.reject_changes",
    "event.approve", "event.reject", "event.request_changes", "event.unpublish",
    "revision.approve", "revision.reject", "revision.request_changes",
)  # fmt: skip


def recent_decisions(association_id: int, limit: int = 10) -> list[AuditEntry]:
    """Newest first; internal notes are never among them."""
    event_ids = select(Event.id).where(Event.association_id == association_id)
    revision_ids = select(EventRevision.id).where(EventRevision.event_id.in_(event_ids))
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(DECISION_ACTIONS))
            .where(
                or_(
                    (AuditEntry.subject_type == "associations")
                    & (AuditEntry.subject_id == association_id),
                    (AuditEntry.subject_type == "events") & AuditEntry.subject_id.in_(event_ids),
                    (AuditEntry.subject_type == "event_revisions")
                    & AuditEntry.subject_id.in_(revision_ids),
                )
            )
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )


@bp.app_context_processor
def _dashboard_decisions():
    """Lets the association dashboard list decisions without depending on this feature."""
    return {"recent_decisions": recent_decisions}
