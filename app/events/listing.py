"""Keeps ``events.is_listed`` equal to ``Event.is_public`` on every write.

The column lets public queries filter with an index instead of joining associations. Writes
through the ORM are kept in step by the flush hook below; writes that bypass it (a bulk
import, a migration) call :func:`refresh_listing` afterwards, which applies the same
definition in one statement.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from app.associations.models import Association
from app.events.models import PUBLIC_EVENT_STATUSES, Event, listed_for


@event.listens_for(Session, "before_flush")
def _keep_events_listed(session: Session, flush_context, instances) -> None:
    changed_associations = []
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Event) and obj.association is not None:
            listed = listed_for(obj.status, obj.association.is_public)
            if obj.is_listed != listed:
                obj.is_listed = listed
        elif isinstance(obj, Association) and inspect(obj).attrs.status.history.has_changes():
            changed_associations.append(obj)
    for association in changed_associations:
        # Its loaded events follow at once; the others in one statement with this flush.
        for obj in session.identity_map.values():
            if isinstance(obj, Event) and obj.association_id == association.id:
                obj.is_listed = listed_for(obj.status, association.is_public)
        session.execute(
            update(Event)
            .where(Event.association_id == association.id)
            .values(is_listed=Event.status.in_(PUBLIC_EVENT_STATUSES) & association.is_public)
            .execution_options(synchronize_session=False)
        )


def refresh_listing(connection) -> None:
    """Recompute the column for every event, after writes that bypassed the ORM."""
    public_associations = select(Association.id).where(Association.is_public)
    connection.execute(
        update(Event).values(
            is_listed=Event.status.in_(PUBLIC_EVENT_STATUSES)
            & Event.association_id.in_(public_associations)
        )
    )
