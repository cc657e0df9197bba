"""The decisions about one association and its events, as its members see them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from app.audit import AuditEntry
from app.events.models import Event, EventRevision
from app.extensions import db

# Actions that are a moderator's (or an admin's) word to the association, as it reads them.
DECISION_LABELS = {
    "association.approve": _l("Your association has been approved"),
    "association.reject": _l("Your association was not approved"),
    "association.suspend": _l("Your association has been suspended"),
    "association.reinstate": _l("Your association has been reinstated"),
    "association.approve_changes": _l("The changes to your profile are published"),
    "association.reject_changes": _l("The changes to your profile were not accepted"),
    "event.approve": _l("Your event is published"),
    "event.reject": _l("Your event was not accepted"),
    "event.request_changes": _l("Please change your event"),
    "event.unpublish": _l("Your event has been taken off the site"),
    "revision.approve": _l("The changes to your event are published"),
    "revision.reject": _l("The changes to your event were not accepted"),
    "revision.request_changes": _l("Please change the edits to your event"),
}


def recent_decisions(association_id: int, limit: int = 10) -> list[AuditEntry]:
    """Newest first; internal notes are never among them."""
    event_ids = select(Event.id).where(Event.association_id == association_id)
    revision_ids = select(EventRevision.id).where(EventRevision.event_id.in_(event_ids))
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(DECISION_LABELS))
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
