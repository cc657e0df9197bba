"""The plan of the demo events: which events, their texts, states, times of day and day offsets.

It comes from a seeded random generator and never depends on the date, so every load plans the
same events; only the calendar dates follow the day of the load, which keeps the demo fresh.
"""

from __future__ import annotations

import itertools
import random
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from app.associations.models import AssociationStatus
from app.config import LOCAL_ZONE
from app.demo.loader import (
    DemoDataError,
)
from app.events.models import EventStatus
from app.reference.models import Region

DATA_FILE = Path(__file__).with_name("events.toml")
SEED = "demo-events-2026"
ZONE = LOCAL_ZONE
S = EventStatus
# An approved event whose association has proposed changes that wait for the moderator.
REVISION = "revision"

# The demo log-in's association shows every screen: one event in each state, and more approved.
DEMO_STATES = (S.DRAFT, S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN,
               S.CANCELLED, REVISION)  # fmt: skip
# Dealt round the other approved associations; the rest of their events are approved.
OTHER_STATES = (
    [S.SUBMITTED] * 11 + [S.DRAFT] * 6 + [S.CANCELLED] * 5 + [S.CHANGES_REQUESTED] * 4
    + [REVISION] * 4 + [S.REJECTED] * 3 + [S.WITHDRAWN] * 2
)  # fmt: skip
# Days from today: (earliest, latest). Waiting and unfinished events lie ahead; a weekday or
# weekend template moves its date up to six days later, which the margins allow for.
OFFSETS = {
    "past": (-172, -8),
    "upcoming": (2, 172),
    S.SUBMITTED: (5, 100),
    S.CHANGES_REQUESTED: (10, 80),
    S.REJECTED: (5, 80),
    S.WITHDRAWN: (10, 90),
    S.DRAFT: (20, 150),
    REVISION: (10, 120),
}
# Share of each task among the events the templates offer; culture comes first, as in life.
TASK_SHARE = {1: 0.1, 2: 0.14, 3: 0.09, 4: 0.1, 5: 0.09, 6: 0.48}
FOCUS_BONUS = 2.0  # an association mostly works on the tasks it names as its focus
ONLINE_SHARE = 0.6  # of the events whose template allows online
HYBRID_SHARE = 0.45  # of those whose template allows hybrid
WEEKDAYS = {"weekday": (1, 2, 3), "weekend": (5, 6), "any": None}  # Tue–Thu; Sat–Sun
SATURDAY = 5
VENUE_KINDS = {"hall", "stage", "outdoors", "classroom", "sport"}
LANGS = ("kk", "ru", "en")
NEW_DATE = {"kk": " (жаңа күн)", "ru": " (новая дата)", "en": " (new date)"}
REVISION_SHIFT = timedelta(days=7)


@dataclass
class Planned:
    """One event as planned, before the day of the load turns its offsets into dates."""

    association: str
    region: str  # ISO code: the association's region, where its events take place
    template: str
    state: str
    task: int | None
    titles: dict[str, str]
    descriptions: dict[str, str]
    anchor: str | None  # "MM-DD" of a calendar date, or None when ``offset`` places it
    offset: int
    weekday: int | None  # moves the date to this day of the week
    start: time | None  # None: an unfinished draft without a date
    minutes: int
    days: int
    format: str
    venue: str
    languages: frozenset[str]
    online_url: str | None
    registration_url: str | None
    capacity: int | None
    access: tuple[bool, bool, bool]  # step-free, sign language, simultaneous translation
    reason: str | None
    lead_days: int  # how long before the start, or before today, it went to review
    stamp_hour: int


def read_event_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    words = data["associations"]
    for key, entry in words.items():
        if "like" in entry:
            words[key] = {**words[entry["like"]], **entry}
    for template in data["templates"]:
        _check_template(template, words)
    return data


def _check_template(template: dict[str, Any], words: dict[str, Any]) -> None:
    key = template["key"]
    problems = []
    if template["task"] not in range(1, 7):
        problems.append("task must be 1 to 6")
    if not set(template["formats"]) <= {"in_person", "online", "hybrid"}:
        problems.append("unknown format")
    if template["venue"] not in VENUE_KINDS:
        problems.append(f"unknown venue {template['venue']!r}")
    when = template.get("when")
    if ("anchor" in template) == (when is not None) or (when and when not in WEEKDAYS):
        problems.append("needs either anchor or when = weekday, weekend or any")
    if any(not {"kk", "ru"} <= set(text) for text in (*template["variants"], template["text"])):
        problems.append("every title and the description need Kazakh and Russian")
    if unknown := set(template.get("for", ())) - set(words):
        problems.append(f"unknown associations {sorted(unknown)}")
    if problems:
        raise DemoDataError(f"event template {key}: " + "; ".join(problems))


# ── Planning: no dates, no database ──────────────────────────────────────────────────────────


def plan_events(
    data: dict[str, Any], entries: list[dict[str, Any]], demo_key: str
) -> list[Planned]:
    """Every demo event, in a fixed order; the same on every day and every run."""
    approved = [entry for entry in entries if entry["status"] == AssociationStatus.APPROVED]
    if missing := {entry["key"] for entry in approved} - set(data["associations"]):
        raise DemoDataError(f"events.toml has no [associations] for {', '.join(sorted(missing))}")
    if missing := {entry["region"] for entry in approved} - set(data["venues"]):
        raise DemoDataError(f"events.toml has no [venues] for {', '.join(sorted(missing))}")
    others = [entry["key"] for entry in approved if entry["key"] != demo_key]
    states: dict[str, list[str]] = {key: [] for key in others}
    dealt = list(OTHER_STATES)
    random.Random(SEED).shuffle(dealt)
    for n, state in enumerate(dealt):
        states[others[n % len(others)]].append(state)
    states[demo_key] = list(DEMO_STATES)
    # Each reason in turn, so that the moderator does not seem to repeat one sentence.
    reasons = {name: itertools.cycle(texts) for name, texts in data["reasons"].items()}
    plan: list[Planned] = []
    for entry in approved:
        rng = random.Random(f"{SEED}:{entry['key']}")
        plan += _plan_association(rng, entry, data, states[entry["key"]], reasons)
    return plan


def _plan_association(rng, entry, data, states, reasons) -> list[Planned]:
    key = entry["key"]
    words = data["associations"][key]
    usable = [
        t
        for t in data["templates"]
        if (key in t["for"] if "for" in t else True)
        and (words["own_language"] or not t.get("own_language"))
    ]
    signature = [t for t in usable if "for" in t]
    general = [t for t in usable if "for" not in t]
    per_task = Counter(t["task"] for t in general)
    weights = [
        TASK_SHARE[t["task"]] / per_task[t["task"]] * t.get("weight", 1)
        * (FOCUS_BONUS if t["task"] in entry["focus_tasks"] else 1)
        for t in general
    ]  # fmt: skip
    # One event for each task the signature events leave out, then the rest by weight: over a
    # year an association reports on every task, most of all on its focus.
    chosen = list(signature)
    for task in sorted(set(per_task) - {t["task"] for t in signature}):
        indices = [n for n, t in enumerate(general) if t["task"] == task]
        chosen += _sample(rng, [general[n] for n in indices], [weights[n] for n in indices], 1)
    rest = [(t, w) for t, w in zip(general, weights, strict=True) if t not in chosen]
    chosen += _sample(
        rng, [t for t, _ in rest], [w for _, w in rest], words["events"] - len(chosen)
    )
    # Only events not tied to a holiday may be waiting, returned or unfinished.
    movable = [n for n, t in enumerate(chosen) if "anchor" not in t]
    rng.shuffle(movable)
    if len(movable) < len(states):
        raise DemoDataError(f"{key}: too few events for the states dealt to it")
    state_of = dict(zip(movable, states, strict=False))
    plan, approved_seen, drafts_seen = [], 0, 0
    for n, template in enumerate(chosen):
        state = state_of.get(n, S.APPROVED)
        if state in (S.APPROVED, S.CANCELLED) and "anchor" not in template:
            # Alternate, so every association has both a past and a future.
            when = ("past", "upcoming")[approved_seen % 2]
            approved_seen += 1
        else:
            when = state
        unfinished = state == S.DRAFT and drafts_seen % 2 == 0
        drafts_seen += state == S.DRAFT
        reason = next(reasons[state]) if state in reasons else None
        plan.append(_plan_event(rng, entry, words, template, state, when, unfinished, reason))
    return plan


def _sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """``k`` different items, each drawn with its weight."""
    pool = list(zip(items, weights, strict=True))
    chosen = []
    for _ in range(min(k, len(pool))):
        n = rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
        chosen.append(pool.pop(n)[0])
    return chosen


def _plan_event(rng, entry, words, template, state, when, unfinished, reason) -> Planned:
    key, tkey = entry["key"], template["key"]
    variant = rng.choice(template["variants"])
    titles = {lang: _fill(variant[lang], words, tkey) for lang in LANGS if lang in variant}
    descriptions = {lang: _fill(text, words, tkey) for lang, text in template["text"].items()}
    titles, descriptions = _choose_languages(rng, words, titles, descriptions)
    format_ = _choose_format(rng, template["formats"])
    lo, hi = template["start"]
    short, long = template["hours"]
    anchor = rng.choice(template["anchor"]) if "anchor" in template else None
    days_of_week = WEEKDAYS[template.get("when", "any")]
    if anchor:
        weekday = SATURDAY if template.get("snap") else None
        offset = 0
    else:
        weekday = rng.choice(days_of_week) if days_of_week else None
        offset = rng.randint(*OFFSETS[when])
    languages = {lang for lang in template["languages"] if lang != "other"}
    if "other" in template["languages"] and words["own_language"]:
        languages.add("other")
    if {"kk", "ru"} <= languages and rng.random() < 0.2:
        languages.discard(rng.choice(("kk", "ru", "ru")))
    if "en" in languages and rng.random() < 0.4:
        languages.discard("en")
    capacity = template.get("capacity")
    has_place = format_ != "online"
    return Planned(
        association=key,
        region=entry["region"],
        template=tkey,
        state=state,
        task=None if unfinished else template["task"],
        titles=titles,
        descriptions=descriptions,
        anchor=anchor,
        offset=offset,
        weekday=weekday,
        start=None if unfinished else time(rng.randint(lo, hi), rng.choice((0, 0, 30))),
        minutes=60 * short + 30 * rng.randint(0, 2 * (long - short)),
        days=template.get("days", 1),
        format=format_,
        venue=template["venue"],
        languages=frozenset(languages),
        online_url=f"https://meet.example.kz/{key}-{tkey}" if format_ != "in_person" else None,
        registration_url=(
            _registration_url(entry, tkey)
            if rng.random() < template.get("registration", 0.1)
            else None
        ),
        capacity=5 * (rng.randint(*capacity) // 5) if capacity else None,
        access=(
            has_place and rng.random() < 0.4,
            rng.random() < 0.1,
            rng.random() < 0.15,
        ),
        reason=reason,
        lead_days=rng.randint(3, 30),
        stamp_hour=rng.randint(9, 17),
    )


def _registration_url(entry: dict[str, Any], template: str) -> str:
    site = entry.get("website") or f"https://register.example.kz/{entry['key']}"
    return f"{site}/register/{template}"


def _fill(text: str, words: dict[str, Any], template: str) -> str:
    text = text.strip()
    try:
        filled = text.format(**words)
    except KeyError as error:
        raise DemoDataError(f"event template {template}: unknown word {error}") from None
    # «{kk} мәдениеті күні» → «Корей мәдениеті күні»; a title like «eGov …» stays as written.
    return filled[:1].upper() + filled[1:] if text.startswith("{") else filled


def _choose_languages(rng, words, titles, descriptions):
    """Kazakh and Russian for most events, English for some, one language for a few."""
    titles = dict(titles)
    if rng.random() < words.get("drop_kk", 0.0):
        titles.pop("kk")
    elif rng.random() < 0.05:
        titles.pop("ru")
    if "en" in titles and rng.random() > 0.35:
        titles.pop("en")
    kept = {lang: text for lang, text in descriptions.items() if lang in titles}
    if len(kept) > 1 and rng.random() < 0.15:
        kept.pop(rng.choice(sorted(kept)))
    return titles, kept


def _choose_format(rng: random.Random, allowed: list[str]) -> str:
    roll = rng.random()
    if "online" in allowed and roll < ONLINE_SHARE:
        return "online"
    if "hybrid" in allowed and roll > 1 - HYBRID_SHARE:
        return "hybrid"
    return "in_person"


# ── Dates: the plan on a given day ───────────────────────────────────────────────────────────


def event_date(planned: Planned, today: date) -> date:
    if planned.anchor:
        month, day = map(int, planned.anchor.split("-"))
        # The holiday's nearest occurrence: within half a year either side of today.
        candidates = [date(year, month, day) for year in range(today.year - 1, today.year + 2)]
        found = min(candidates, key=lambda d: abs((d - today).days))
        if planned.weekday is not None:
            found += timedelta(days=(planned.weekday - found.weekday() + 3) % 7 - 3)
        return found
    found = today + timedelta(days=planned.offset)
    if planned.weekday is not None:
        found += timedelta(days=(planned.weekday - found.weekday()) % 7)
    return found


def event_values(planned: Planned, today: date, region: Region, venues: dict) -> dict[str, Any]:
    """The fields create_event takes, as the association's form would have given them."""
    starts = ends = None
    if planned.start is not None:
        local = datetime.combine(event_date(planned, today), planned.start, tzinfo=ZONE)
        starts = local.astimezone(UTC)
        ends = (local + timedelta(days=planned.days - 1, minutes=planned.minutes)).astimezone(UTC)
    online = planned.format == "online"
    values: dict[str, Any] = {f"title_{lang}": planned.titles.get(lang) for lang in LANGS}
    values |= {f"description_{lang}": planned.descriptions.get(lang) for lang in LANGS}
    values |= {
        "task_number": planned.task,
        "starts_at": starts,
        "ends_at": ends,
        "format": planned.format,
        # As the form does: an online event has no place, an unfinished draft no venue yet.
        "region_id": None if online else region.id,
        "locality": None if online else venues["locality"],
        "venue_address": None if online or starts is None else venues[planned.venue],
        "online_url": planned.online_url,
        "held_in_kk": "kk" in planned.languages,
        "held_in_ru": "ru" in planned.languages,
        "held_in_en": "en" in planned.languages,
        "held_in_other": "other" in planned.languages,
        "registration_url": planned.registration_url,
        "capacity": planned.capacity,
        "has_step_free_access": planned.access[0],
        "has_sign_language": planned.access[1],
        "has_simultaneous_translation": planned.access[2],
    }
    return values
