"""The public list's filters: parsed from the URL, applied by one query pages and feeds share."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import joinedload

from app.associations.models import Association
from app.config import LOCAL_ZONE
from app.db import utcnow
from app.events.models import (
    ACCESS_ATTRIBUTES,
    ACCESS_LABELS,
    FORMAT_LABELS,
    LANGUAGE_LABELS,
    LONGEST_EVENT,
    Event,
)
from app.events.queries import public_events
from app.events.search import matching_event_ids, ranked_ids
from app.extensions import db
from app.pagination import Page
from app.params import (
    CODE,
    REGION_CODE,
    ListFilter,
    integer,
    iso_day,
    matching,
    one_of,
    param,
    text,
)
from app.reference.models import EthnicCommunity, Region
from app.reference.queries import community_by_code, region_by_code

PAGE_SIZE = 20
# Feeds have no pages; a subscriber wants what is coming, not the archive.
FEED_LIMIT = 100
FEED_HORIZON = timedelta(days=183)
TASK_NUMBERS = range(1, 7)

LANGUAGE_COLUMNS = {code: getattr(Event, f"held_in_{code}") for code in LANGUAGE_LABELS}
ACCESS_COLUMNS = {key: getattr(Event, attribute) for key, attribute in ACCESS_ATTRIBUTES.items()}


def local_day_start(day: date) -> datetime:
    """Midnight of ``day`` in Almaty, as the UTC instant the database compares with."""
    return datetime.combine(day, time(0), LOCAL_ZONE).astimezone(UTC)


@dataclass(frozen=True)
class EventFilter(ListFilter):
    """The list's filters as the URL gives them; unknown or malformed values are dropped."""

    tasks: tuple[int, ...] = param(integer(1, len(TASK_NUMBERS)), name="task", many=True)
    region: str | None = param(matching(REGION_CODE))
    date_from: date | None = param(iso_day, name="from")
    date_to: date | None = param(iso_day, name="to")
    format: str | None = param(one_of(FORMAT_LABELS))
    language: str | None = param(one_of(LANGUAGE_LABELS), name="lang")
    association: str | None = param(matching(CODE))
    community: str | None = param(matching(CODE))
    access: tuple[str, ...] = param(one_of(ACCESS_LABELS), many=True)
    q: str = param(text(200), default="")


def _conditions(filters: EventFilter, now: datetime) -> list[ColumnElement[bool]]:
    """The rule of the list: events that overlap the chosen days, upcoming ones by default.

    Without ``from`` an event shows until it has ended; with it, from that Almaty day on.
    ``to`` keeps events that start before the end of that day.
    """
    lower = local_day_start(filters.date_from) if filters.date_from else now
    # The bound on the start adds nothing to the rule (no event is longer than LONGEST_EVENT)
    # but lets the database walk the index on starts_at instead of every past event.
    conditions = [Event.ends_at > lower, Event.starts_at > lower - LONGEST_EVENT]
    if filters.date_to:
        conditions.append(Event.starts_at < local_day_start(filters.date_to + timedelta(days=1)))
    if filters.tasks:
        conditions.append(Event.task_number.in_(filters.tasks))
    if filters.region:
        region_ids = select(Region.id).where(Region.iso_code == filters.region)
        conditions.append(Event.region_id.in_(region_ids))
    if filters.format:
        conditions.append(Event.format == filters.format)
    if filters.language:
        conditions.append(LANGUAGE_COLUMNS[filters.language].is_(True))
    conditions.extend(ACCESS_COLUMNS[key].is_(True) for key in filters.access)
    if filters.association:
        association_ids = select(Association.id).where(Association.slug == filters.association)
        conditions.append(Event.association_id.in_(association_ids))
    if filters.community:
        community_ids = select(EthnicCommunity.id).where(EthnicCommunity.code == filters.community)
        association_ids = select(Association.id).where(Association.community_id.in_(community_ids))
        conditions.append(Event.association_id.in_(association_ids))
    if filters.q:
        # The search index (app/events/search.py) holds the event's texts in every language,
        # its place and its association's names, as keys that forgive how people type.
        conditions.append(Event.id.in_(matching_event_ids(filters.q)))
    return conditions


def filtered_events(
    filters: EventFilter, now: datetime | None = None, *, by_relevance: bool = False
) -> Select[tuple[Event]]:
    """Public events matching every filter, soonest first, with what a card shows loaded.

    ``by_relevance`` puts the closest matches to the text first (then the soonest), as a
    visitor who typed words expects; feeds keep the calendar's order."""
    ranked = ranked_ids(filters.q) if by_relevance and filters.q else None
    # Joining the ranked matches already keeps only them: the text is not asked twice.
    conditions = _conditions(
        filters.without(q="") if ranked is not None else filters, now or utcnow()
    )
    query = (
        public_events()
        .where(*conditions)
        .options(
            joinedload(Event.association),
            joinedload(Event.task),
            joinedload(Event.region),
        )
    )
    if ranked is not None:
        query = query.join(ranked, ranked.c.event_id == Event.id).order_by(
            ranked.c.relevance.desc()
        )
    return query.order_by(Event.starts_at, Event.id)


def total_from_counts(filters: EventFilter, counts: dict[int, int]) -> int:
    """Every public event has a task, so the per-task counts add up to the list's total."""
    return sum(counts[number] for number in (filters.tasks or TASK_NUMBERS))


def events_page(filters: EventFilter, total: int) -> Page:
    """One page of the list; a page past the end is simply empty."""
    query = (
        filtered_events(filters, by_relevance=True)
        .limit(PAGE_SIZE)
        .offset((filters.page - 1) * PAGE_SIZE)
    )
    items = list(db.session.scalars(query).unique()) if total else []
    return Page(items=items, page=filters.page, per_page=PAGE_SIZE, total=total)


def feed_events(filters: EventFilter, now: datetime | None = None) -> list[Event]:
    """What is coming, as the list shows it, for calendar and Atom subscribers: up to a
    horizon and a cap, so a feed stays small however much the archive grows."""
    now = now or utcnow()
    query = filtered_events(filters, now).where(Event.starts_at < now + FEED_HORIZON)
    return list(db.session.scalars(query.limit(FEED_LIMIT)).unique())


def task_counts(filters: EventFilter, now: datetime | None = None) -> dict[int, int]:
    """For each task, how many events match all the other filters (the task filter ignored)."""
    query = (
        public_events()
        .where(*_conditions(filters.without(tasks=()), now or utcnow()))
        .with_only_columns(Event.task_number, func.count(Event.id))
        .group_by(Event.task_number)
    )
    counts = dict.fromkeys(TASK_NUMBERS, 0)
    counts.update({number: count for number, count in db.session.execute(query)})
    return counts


def resolve(filters: EventFilter) -> tuple[EventFilter, Association | None]:
    """Drop codes that name nothing public, as if never given; returns the association named.

    A pending or suspended association is unknown to the public, so its slug is dropped too.
    """
    unknown: dict[str, None] = {}
    if filters.region and region_by_code(filters.region) is None:
        unknown["region"] = None
    if filters.community and community_by_code(filters.community) is None:
        unknown["community"] = None
    association = None
    if filters.association:
        association = db.session.scalar(
            select(Association)
            .where(Association.slug == filters.association)
            .where(Association.is_public)
        )
        if association is None:
            unknown["association"] = None
    return (replace(filters, **unknown) if unknown else filters), association
