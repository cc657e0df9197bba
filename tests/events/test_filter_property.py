"""Random events and random filters: the list, its counts and its feeds agree with plain Python.

The first test draws a new small dataset for every example and removes it before the next one
(conftest cleans up once per test function, not once per example); the second builds one larger
seeded dataset and runs many filters over it.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from werkzeug.datastructures import MultiDict

from app.events.filters import EventFilter, filtered_events, resolve, task_counts
from app.extensions import db
from app.search import document_keys, query_keys
from tests.conftest import REFERENCE_TABLES
from tests.factories import community, make_association, make_event, region

ALMATY = ZoneInfo("Asia/Almaty")
# Weighted towards the public statuses, so that most examples have something to show.
STATUSES = [
    *["approved"] * 6, "cancelled", "draft", "submitted", "rejected", "changes_requested",
    "withdrawn",
]  # fmt: skip
ASSOCIATION_STATUSES = ["approved", "approved", "approved", "pending", "suspended"]
REGIONS = ["KZ-75", "KZ-71", "KZ-79", None]
COMMUNITIES = ["korean", "german", "uyghur"]
FORMATS = ["in_person", "online", "hybrid"]
WORDS = ["Наурыз", "домбыра", "Қазан", "concert", "той", "Ұлы", "kimchi"]
LANGS = ["kk", "ru", "en", "other"]
ACCESS = {
    "step_free": "has_step_free_access",
    "sign_language": "has_sign_language",
    "translation": "has_simultaneous_translation",
}
CARD_LINK = r'event-card__title"><a href="/en/events/(\d+)-'
TASK_COUNT = r'id="task-count-(\d)">\((\d+)\)'
settings.register_profile("events", max_examples=25, deadline=None)


@dataclass
class Row:
    """What the test knows of one event, to filter it without the database."""

    id: int
    status: str
    association_status: str
    association_slug: str
    community: str
    task: int
    region: str | None
    format: str
    held_in: dict[str, bool]
    access: dict[str, bool]
    starts_at: datetime
    ends_at: datetime
    texts: tuple[str | None, ...]


associations_st = st.lists(
    st.tuples(st.sampled_from(ASSOCIATION_STATUSES), st.sampled_from(COMMUNITIES)),
    min_size=1,
    max_size=3,
)
# Never within an hour of now, so that the seconds between building rows and asking for the
# page cannot move an event between "upcoming" and "over".
end_offsets = st.integers(60, 60 * 24 * 60).flatmap(
    lambda minutes: st.sampled_from([minutes, -minutes])
)
event_st = st.fixed_dictionaries(
    {
        "association": st.integers(0, 2),
        "status": st.sampled_from(STATUSES),
        "task": st.integers(1, 6),
        "region": st.sampled_from(REGIONS),
        "format": st.sampled_from(FORMATS),
        "held_in": st.fixed_dictionaries({lang: st.booleans() for lang in LANGS}),
        "access": st.fixed_dictionaries({key: st.booleans() for key in ACCESS}),
        "ends_in_minutes": end_offsets,
        "hours": st.integers(1, 72),
        "title_kk": st.sampled_from(WORDS),
        "title_en": st.none() | st.sampled_from(WORDS),
        "description_ru": st.none() | st.sampled_from(WORDS),
        "locality": st.none() | st.sampled_from(["Алматы", "Астана", "Түркістан"]),
    }
)
days = st.integers(-60, 60).map(lambda n: (date.today() + timedelta(days=n)).isoformat())
ARG_VALUES = {
    "task": st.lists(st.sampled_from(["1", "2", "3", "4", "5", "6", "9", "x"]), max_size=3),
    "region": st.sampled_from(["KZ-75", "KZ-71", "KZ-79", "KZ-10", "KZ-99", "bad"]),
    "from": days | st.just("2030-13-01"),
    "to": days,
    "format": st.sampled_from([*FORMATS, "boat"]),
    "lang": st.sampled_from([*LANGS, "fr"]),
    "association": st.sampled_from(["a0", "a1", "a2", "zz"]),
    "community": st.sampled_from([*COMMUNITIES, "martians"]),
    "access": st.lists(st.sampled_from([*ACCESS, "wings"]), max_size=2),
    "q": st.sampled_from(WORDS).map(str.upper) | st.sampled_from(["той концерт", "ұлы той"]),
}
# A few filters at a time: with all of them at once almost every answer would be empty.
args_st = st.lists(st.sampled_from(sorted(ARG_VALUES)), max_size=3, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({name: ARG_VALUES[name] for name in names})
)


def build(associations_spec, events_spec, now: datetime) -> tuple[list[Row], set[str]]:
    """The rows made, and the slugs of the approved associations (with events or not)."""
    associations = [
        make_association(slug=f"a{n}", status=status, community=community(code))
        for n, (status, code) in enumerate(associations_spec)
    ]
    rows = []
    for spec in events_spec:
        association = associations[spec["association"] % len(associations)]
        ends_at = now + timedelta(minutes=spec["ends_in_minutes"])
        starts_at = ends_at - timedelta(hours=spec["hours"])
        event = make_event(
            association,
            starts_at,
            ends_at=ends_at,
            status=spec["status"],
            task_number=spec["task"],
            region=region(spec["region"]) if spec["region"] else None,
            format=spec["format"],
            title_kk=spec["title_kk"],
            title_ru=None,
            title_en=spec["title_en"],
            description_ru=spec["description_ru"],
            locality=spec["locality"],
            **{f"held_in_{lang}": flag for lang, flag in spec["held_in"].items()},
            **{ACCESS[key]: flag for key, flag in spec["access"].items()},
        )
        place = event.region
        texts = (
            spec["title_kk"], spec["title_en"], spec["description_ru"], spec["locality"],
            association.name_kk, association.name_ru,
            *((place.name_kk, place.name_ru, place.name_en) if place else ()),
        )  # fmt: skip
        rows.append(
            Row(
                id=event.id, status=spec["status"], association_status=association.status,
                association_slug=association.slug, community=association.community.code,
                task=spec["task"], region=spec["region"], format=spec["format"],
                held_in=spec["held_in"], access=spec["access"], starts_at=starts_at,
                ends_at=ends_at, texts=texts,
            )
        )  # fmt: skip
    db.session.commit()
    return rows, {a.slug for a in associations if a.status == "approved"}


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), ALMATY)


def expected(
    rows: list[Row], public_slugs: set[str], args: MultiDict, now: datetime, ignore_task=False
) -> list[Row]:
    """The list's rule written out plainly, straight from the URL arguments."""

    def parsed_date(name):
        try:
            return date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None

    tasks = {int(t) for t in args.getlist("task") if t in {"1", "2", "3", "4", "5", "6"}}
    access = [key for key in args.getlist("access") if key in ACCESS]
    date_from, date_to = parsed_date("from"), parsed_date("to")
    words = query_keys(args.get("q", ""))
    result = []
    for row in rows:
        checks = [
            row.status in ("approved", "cancelled") and row.association_status == "approved",
            row.ends_at > (midnight(date_from) if date_from else now),
            not date_to or row.starts_at < midnight(date_to + timedelta(days=1)),
            ignore_task or not tasks or row.task in tasks,
            args.get("region") not in ("KZ-75", "KZ-71", "KZ-79", "KZ-10")
            or row.region == args["region"],
            args.get("format") not in FORMATS or row.format == args["format"],
            args.get("lang") not in LANGS or row.held_in[args["lang"]],
            all(row.access[key] for key in access),
            args.get("association") not in public_slugs
            or row.association_slug == args["association"],
            args.get("community") not in COMMUNITIES or row.community == args["community"],
            holds_words(row, words),
        ]
        if all(checks):
            result.append(row)
    return sorted(result, key=lambda r: (r.starts_at, r.id))


def holds_words(row: Row, words: list[str]) -> bool:
    """Search's rule: every word's key is among the event's keys, the last word's as a prefix."""
    if not words:
        return True
    keys = set(document_keys(*row.texts).split())
    *whole, typing = words
    return set(whole) <= keys and any(key.startswith(typing) for key in keys)


def expected_counts(rows, public_slugs, args, now) -> dict[int, int]:
    counts = dict.fromkeys(range(1, 7), 0)
    for row in expected(rows, public_slugs, args, now, ignore_task=True):
        counts[row.task] += 1
    return counts


def wipe() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


def check_against_python(client, dataset, args: MultiDict, now: datetime) -> None:
    """The query, the facet counts, the HTML page and both feeds against the plain rule."""
    rows, public_slugs = dataset
    want = [row.id for row in expected(rows, public_slugs, args, now)]
    want_counts = expected_counts(rows, public_slugs, args, now)

    filters, _ = resolve(EventFilter.from_args(args))
    assert [e.id for e in db.session.scalars(filtered_events(filters, now))] == want
    assert task_counts(filters, now) == want_counts

    query = urlencode(list(args.items(multi=True)))
    page = client.get(f"/en/events?{query}").text
    cards = [int(i) for i in re.findall(CARD_LINK, page)]
    if args.get("q", "").strip():
        # Closest matches first: the page holds the first twenty, whatever their order.
        assert len(cards) == min(len(want), 20) and set(cards) <= set(want)
    else:
        assert cards == want[:20]
    assert {int(n): int(c) for n, c in re.findall(TASK_COUNT, page)} == want_counts

    calendar = Calendar.from_ical(client.get(f"/en/events.ics?{query}").data)
    assert {str(e["uid"]) for e in calendar.walk("VEVENT")} == {
        f"event-{i}@localhost" for i in want
    }
    feed = ET.fromstring(client.get(f"/en/events.atom?{query}").data)
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}id")
    assert [e.text.rsplit("-", 1)[1] for e in entries] == [str(i) for i in want]


@settings(settings.get_profile("events"), suppress_health_check=[HealthCheck.too_slow])
@given(
    associations_spec=associations_st,
    events_spec=st.lists(event_st, max_size=20),
    raw_args=args_st,
)
def test_random_events_and_filters_agree_with_plain_python(
    app, associations_spec, events_spec, raw_args
):
    with app.app_context():
        now = datetime.now(UTC)
        try:
            dataset = build(associations_spec, events_spec, now)
            check_against_python(app.test_client(), dataset, as_args(raw_args), now)
        finally:
            wipe()


def seeded_specs(count: int, seed: int = 2026) -> list[dict]:
    """Event specs like the strategy's, from a fixed seed: one dataset, many filters over it."""
    rng = random.Random(seed)
    return [
        {
            "association": rng.randrange(3), "status": rng.choice(STATUSES),
            "task": rng.randint(1, 6), "region": rng.choice(REGIONS),
            "format": rng.choice(FORMATS),
            "held_in": {lang: rng.random() < 0.5 for lang in LANGS},
            "access": {key: rng.random() < 0.3 for key in ACCESS},
            "ends_in_minutes": rng.choice([1, 1, -1]) * rng.randint(60, 60 * 24 * 60),
            "hours": rng.randint(1, 72), "title_kk": rng.choice(WORDS),
            "title_en": rng.choice([None, *WORDS]),
            "description_ru": rng.choice([None, *WORDS]),
            "locality": rng.choice([None, "Алматы", "Астана"]),
        }
        for _ in range(count)
    ]  # fmt: skip


def test_many_filters_over_one_larger_dataset_agree_with_plain_python(app):
    client = app.test_client()
    with app.app_context():
        now = datetime.now(UTC)
        associations = [("approved", "korean"), ("approved", "german"), ("suspended", "uyghur")]
        dataset = build(associations, seeded_specs(150), now)

        @settings(max_examples=40, deadline=None)
        @given(raw_args=args_st)
        def check(raw_args):
            check_against_python(client, dataset, as_args(raw_args), now)

        check()


@settings(settings.get_profile("events"))
@given(raw_args=args_st)
def test_filter_survives_a_round_trip_through_its_url(raw_args):
    args = as_args(raw_args)
    filters = EventFilter.from_args(args)
    again = EventFilter.from_args(as_args(filters.args()))
    assert again == filters


def as_args(raw: dict) -> MultiDict:
    """Generated or built arguments ({name: value or [values]}) as a request would parse them."""
    return MultiDict([(key, str(item)) for key, value in raw.items() for item in _as_list(value)])


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]
