"""The public list's filters: parsed from the URL, applied by one query pages and feeds share."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import contains_eager, joinedload

from app.associations.models import Association
from app.associations.queries import PUBLIC_ASSOCIATION_STATUSES
from app.config import DISPLAY_TIMEZONE
from app.db import utcnow
from app.events.models import Event, EventFormat
from app.events.queries import public_events
from app.extensions import db
from app.params import bounded_int
from app.reference.models import EthnicCommunity, Region
from app.search import matches_text

PAGE_SIZE = 20
# Feeds have no pages; a subscriber wants what is coming, not the archive.
FEED_LIMIT = 500
TASK_NUMBERS = range(1, 7)
LOCAL_ZONE = ZoneInfo(DISPLAY_TIMEZONE)

FORMAT_LABELS = {
    EventFormat.IN_PERSON: _l("In person"),
    EventFormat.ONLINE: _l("Online"),
    EventFormat.HYBRID: _l("In person and online"),
}
LANGUAGE_LABELS = {
    "kk": _l("Kazakh"),
    "ru": _l("Russian"),
    "en": _l("English"),
    "other": _l("Other languages"),
}
LANGUAGE_COLUMNS = {
    "kk": Event.held_in_kk,
    "ru": Event.held_in_ru,
    "en": Event.held_in_en,
    "other": Event.held_in_other,
}
ACCESS_LABELS = {
    "step_free": _l("Step-free access"),
    "sign_language": _l("Sign language interpretation"),
    "translation": _l("Simultaneous translation"),
}
ACCESS_COLUMNS = {
    "step_free": Event.has_step_free_access,
    "sign_language": Event.has_sign_language,
    "translation": Event.has_simultaneous_translation,
}

# Free text looks at the event's own words in every language, and where it happens.
SEARCHED_COLUMNS = (
    Event.title_kk, Event.title_ru, Event.title_en,
    Event.description_kk, Event.description_ru, Event.description_en,
    Event.locality,
)  # fmt: skip


def held_in_labels(event: Event) -> list:
    """The languages the event is held in, as labels, in the list's order."""
    return [
        label for code, label in LANGUAGE_LABELS.items() if _flag(event, LANGUAGE_COLUMNS[code])
    ]


def access_provided(event: Event) -> list:
    """What the organisers provide for accessibility, as labels."""
    return [label for key, label in ACCESS_LABELS.items() if _flag(event, ACCESS_COLUMNS[key])]


def _flag(event: Event, column) -> bool:
    return bool(getattr(event, column.key))


_REGION = re.compile(r"KZ-\d{2}")
_CODE = re.compile(r"[a-z0-9_-]{1,120}")


def _number(value: str) -> int | None:
    return bounded_int(value, 0, 99_999)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def _code(value: str, pattern: re.Pattern = _CODE) -> str | None:
    value = value.strip()
    return value if pattern.fullmatch(value) else None


def local_day_start(day: date) -> datetime:
    """Midnight of ``day`` in Almaty, as the UTC instant the database compares with."""
    return datetime.combine(day, time(0), LOCAL_ZONE).astimezone(UTC)


@dataclass(frozen=True)
class EventFilter:
    """The list's filters as the URL gives them; unknown or malformed values are dropped."""

    tasks: tuple[int, ...] = ()
    region: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    format: str | None = None
    language: str | None = None
    association: str | None = None
    community: str | None = None
    access: tuple[str, ...] = ()
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> EventFilter:
        tasks = {_number(v) for v in args.getlist("task")} & set(TASK_NUMBERS)
        access = set(args.getlist("access"))
        page = _number(args.get("page", "")) or 1
        return cls(
            tasks=tuple(sorted(tasks)),
            region=_code(args.get("region", ""), _REGION),
            date_from=_date(args.get("from", "")),
            date_to=_date(args.get("to", "")),
            format=args.get("format") if args.get("format") in FORMAT_LABELS else None,
            language=args.get("lang") if args.get("lang") in LANGUAGE_LABELS else None,
            association=_code(args.get("association", "")),
            community=_code(args.get("community", "")),
            access=tuple(key for key in ACCESS_LABELS if key in access),
            q=args.get("q", "").strip()[:200],
            page=page,
        )

    def args(self, **changes) -> dict[str, str | int | list]:
        """URL arguments for this filter (with changes), leaving out empty ones."""
        values = {
            "task": list(self.tasks), "region": self.region,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "format": self.format, "lang": self.language, "association": self.association,
            "community": self.community, "access": list(self.access), "q": self.q,
            "page": self.page,
        }  # fmt: skip
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}

    def without(self, **fields) -> EventFilter:
        return replace(self, **fields)

    @property
    def is_empty(self) -> bool:
        return not any(v for k, v in self.args().items() if k != "page")


def _conditions(filters: EventFilter, now: datetime) -> list[ColumnElement[bool]]:
    """The rule of the list: events that overlap the chosen days, upcoming ones by default.

    Without ``from`` an event shows until it has ended; with it, from that Almaty day on.
    ``to`` keeps events that start before the end of that day.
    """
    lower = local_day_start(filters.date_from) if filters.date_from else now
    conditions = [Event.ends_at > lower]
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
        conditions.append(Association.slug == filters.association)
    if filters.community:
        community_ids = select(EthnicCommunity.id).where(EthnicCommunity.code == filters.community)
        conditions.append(Association.community_id.in_(community_ids))
    if filters.q:
        conditions.append(matches_text(filters.q, *SEARCHED_COLUMNS))
    return conditions


def filtered_events(filters: EventFilter, now: datetime | None = None) -> Select[tuple[Event]]:
    """Public events matching every filter, soonest first, with what a card shows loaded."""
    return (
        public_events()
        .where(*_conditions(filters, now or utcnow()))
        .options(
            contains_eager(Event.association),
            joinedload(Event.task),
            joinedload(Event.region),
        )
        .order_by(Event.starts_at, Event.id)
    )


def events_page(filters: EventFilter):
    """One page of the list; a page past the end is simply empty."""
    return db.paginate(
        filtered_events(filters), page=filters.page, per_page=PAGE_SIZE, error_out=False
    )


def feed_events(filters: EventFilter, limit: int = FEED_LIMIT) -> list[Event]:
    """The same events as the list, without pages, for calendar and Atom subscribers."""
    return list(db.session.scalars(filtered_events(filters).limit(limit)))


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
    if filters.region and not db.session.scalar(
        select(Region.id).where(Region.iso_code == filters.region)
    ):
        unknown["region"] = None
    if filters.community and not db.session.scalar(
        select(EthnicCommunity.id).where(EthnicCommunity.code == filters.community)
    ):
        unknown["community"] = None
    association = None
    if filters.association:
        association = db.session.scalar(
            select(Association)
            .where(Association.slug == filters.association)
            .where(Association.status.in_(PUBLIC_ASSOCIATION_STATUSES))
        )
        if association is None:
            unknown["association"] = None
    return (replace(filters, **unknown) if unknown else filters), association
