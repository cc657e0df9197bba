"""Read-only queries over events that the public may see."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.associations.models import Association
from app.associations.queries import PUBLIC_ASSOCIATION_STATUSES
from app.db import utcnow
from app.events.models import Event, EventStatus
from app.extensions import db

PUBLIC_STATUSES = (EventStatus.APPROVED, EventStatus.CANCELLED)


def public_events() -> Select[tuple[Event]]:
    """Events the public may see: approved ones, and cancelled ones (marked as such)."""
    return (
        select(Event)
        .join(Event.association)
        .where(Event.status.in_(PUBLIC_STATUSES))
        .where(Association.status.in_(PUBLIC_ASSOCIATION_STATUSES))
    )


def upcoming_events(task_number: int | None = None, limit: int = 20) -> list[Event]:
    query = public_events().where(Event.ends_at >= utcnow())
    if task_number is not None:
        query = query.where(Event.task_number == task_number)
    query = query.options(
        joinedload(Event.association), joinedload(Event.task), joinedload(Event.region)
    )
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id).limit(limit)))


def association_events(
    association_id: int, past_limit: int = 20
) -> tuple[list[Event], list[Event]]:
    """One association's public events: (upcoming soonest first, past latest first).

    An event is upcoming until it has ended, the same rule as the public list.
    """
    now = utcnow()
    query = (
        public_events()
        .where(Event.association_id == association_id)
        .options(joinedload(Event.task), joinedload(Event.region))
    )
    upcoming = db.session.scalars(
        query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    )
    past = db.session.scalars(
        query.where(Event.ends_at <= now)
        .order_by(Event.starts_at.desc(), Event.id.desc())
        .limit(past_limit)
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
