"""Read-only queries over events that the public may see."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.associations.models import Association
from app.db import utcnow
from app.events.models import Event, EventRevision, EventStatus
from app.extensions import db

# A revision in these statuses still waits: for a moderator, or for the association's changes.
WAITING_REVISION_STATUSES = (EventStatus.SUBMITTED, EventStatus.CHANGES_REQUESTED)


def public_events() -> Select[tuple[Event]]:
    """Events the public may see: approved ones, and cancelled ones (marked as such)."""
    return select(Event).where(Event.is_public)


def upcoming_events(task_number: int | None = None, limit: int = 20) -> list[Event]:
    query = public_events().where(Event.ends_at >= utcnow())
    if task_number is not None:
        query = query.where(Event.task_number == task_number)
    query = query.options(
        joinedload(Event.association), joinedload(Event.task), joinedload(Event.region)
    )
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id).limit(limit)))


def association_events(association_id: int, limit: int = 20) -> tuple[list[Event], list[Event]]:
    """One association's public events, up to ``limit`` of each: (upcoming soonest first, past
    latest first). The public list, filtered by the association, has them all.

    An event is upcoming until it has ended, the same rule as the public list.
    """
    now = utcnow()
    query = (
        public_events()
        .where(Event.association_id == association_id)
        .options(joinedload(Event.task), joinedload(Event.region))
    )
    upcoming = db.session.scalars(
        query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id).limit(limit)
    )
    past = db.session.scalars(
        query.where(Event.ends_at <= now)
        .order_by(Event.starts_at.desc(), Event.id.desc())
        .limit(limit)
    )
    return list(upcoming), list(past)


def event_for_page(event_id: int) -> Event | None:
    """Any event by id with what its page shows; whether it may be shown is the view's rule."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            joinedload(Event.association).joinedload(Association.community),
            joinedload(Event.task),
            joinedload(Event.region),
        )
    )


def pending_revision(event: Event) -> EventRevision | None:
    """The revision of an approved event that still waits for a decision, if any."""
    return db.session.scalars(
        select(EventRevision)
        .where(EventRevision.event_id == event.id)
        .where(EventRevision.status.in_(WAITING_REVISION_STATUSES))
        .order_by(EventRevision.id.desc())
    ).first()


def latest_events(association_id: int, limit: int = 5) -> list[Event]:
    """An association's own events in any status, last changed first, for its dashboard."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.association_id == association_id)
            .order_by(Event.updated_at.desc(), Event.id.desc())
            .limit(limit)
        )
    )
