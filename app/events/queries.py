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
