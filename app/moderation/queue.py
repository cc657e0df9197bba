"""What waits for a moderator: one list of every kind of item, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from app.associations.models import Association, AssociationStatus
from app.db import utcnow
from app.events.models import Event, EventRevision, EventStatus, Report, ReportStatus
from app.extensions import db
from app.params import ListFilter, integer, one_of, param

KINDS = ("association", "profile_change", "event", "revision", "report", "trusted")


@dataclass(frozen=True)
class QueueItem:
    kind: str
    id: int
    waiting_since: datetime
    title: str
    association: Association
    task_number: int | None = None
    region_id: int | None = None

    @property
    def age(self):
        return utcnow() - self.waiting_since


@dataclass(frozen=True)
class QueueFilter(ListFilter):
    kind: str | None = param(one_of(KINDS))
    task: int | None = param(integer(1, 6))
    region: int | None = param(integer(1))

    def accepts(self, item: QueueItem) -> bool:
        return (
            (self.kind is None or item.kind == self.kind)
            and (self.task is None or item.task_number == self.task)
            and (self.region is None or item.region_id == self.region)
        )


# What "waiting" means for each kind, shared by the list and the navigation's count.
WAITING_ASSOCIATION = (Association.status == AssociationStatus.PENDING) | (
    (Association.status == AssociationStatus.APPROVED) & Association.pending_changes.is_not(None)
)
SUBMITTED_EVENT = Event.status == EventStatus.SUBMITTED
TRUSTED_TO_REVIEW = and_(
    Event.is_auto_approved, Event.post_reviewed_at.is_(None), Event.status == EventStatus.APPROVED
)
SUBMITTED_REVISION = EventRevision.status == EventStatus.SUBMITTED
OPEN_REPORT = Report.status == ReportStatus.OPEN


def _association_items() -> list[QueueItem]:
    rows = db.session.scalars(select(Association).where(WAITING_ASSOCIATION))
    return [
        QueueItem(
            kind="association" if row.status == AssociationStatus.PENDING else "profile_change",
            id=row.id,
            waiting_since=row.updated_at if row.pending_changes else row.created_at,
            title=row.name,
            association=row,
            region_id=row.region_id,
        )
        for row in rows
    ]


def _about_event(kind: str, item_id: int, since: datetime, event: Event, proposed=None):
    """A queue item about an event; a revision's proposed task and region count for filters."""
    proposed = proposed or {}
    return QueueItem(
        kind=kind,
        id=item_id,
        waiting_since=since,
        title=event.title,
        association=event.association,
        task_number=proposed.get("task_number", event.task_number),
        region_id=proposed.get("region_id", event.region_id),
    )


def _event_items() -> list[QueueItem]:
    with_association = joinedload(Event.association)
    submitted = db.session.scalars(select(Event).where(SUBMITTED_EVENT).options(with_association))
    trusted = db.session.scalars(select(Event).where(TRUSTED_TO_REVIEW).options(with_association))
    return [
        _about_event(kind, e.id, e.submitted_at or e.updated_at, e)
        for kind, rows in (("event", submitted), ("trusted", trusted))
        for e in rows
    ]


def _revision_items() -> list[QueueItem]:
    rows = db.session.scalars(
        select(EventRevision)
        .where(SUBMITTED_REVISION)
        .options(joinedload(EventRevision.event).joinedload(Event.association))
    )
    return [
        _about_event("revision", r.id, r.submitted_at or utcnow(), r.event, r.data) for r in rows
    ]


def _report_items() -> list[QueueItem]:
    rows = db.session.scalars(
        select(Report)
        .where(OPEN_REPORT)
        .options(joinedload(Report.event).joinedload(Event.association))
    )
    return [_about_event("report", r.id, r.created_at, r.event) for r in rows]


def waiting_items(filters: QueueFilter | None = None) -> list[QueueItem]:
    """Every item waiting for a decision, oldest first."""
    filters = filters or QueueFilter()
    items = [*_association_items(), *_event_items(), *_revision_items(), *_report_items()]
    return sorted(
        (i for i in items if filters.accepts(i)), key=lambda i: (i.waiting_since, i.kind, i.id)
    )


def waiting_count() -> int:
    """For the navigation badge: counts rather than loading every item."""
    counts = [
        select(func.count(Association.id)).where(WAITING_ASSOCIATION),
        select(func.count(Event.id)).where(SUBMITTED_EVENT),
        select(func.count(Event.id)).where(TRUSTED_TO_REVIEW),
        select(func.count(EventRevision.id)).where(SUBMITTED_REVISION),
        select(func.count(Report.id)).where(OPEN_REPORT),
    ]
    return sum(db.session.scalar(query) for query in counts)


def next_item(after: tuple[str, int] | None = None) -> QueueItem | None:
    """The oldest waiting item other than the one just decided."""
    for item in waiting_items():
        if after is None or (item.kind, item.id) != after:
            return item
    return None
