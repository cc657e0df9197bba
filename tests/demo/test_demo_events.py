"""`flask demo load`, events: varied, in every state, through the real workflow, loaded once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from freezegun import freeze_time
from sqlalchemy.orm import selectinload

from app.associations.models import Association, AssociationStatus
from app.audit import AuditEntry
from app.auth.models import User
from app.auth.services import find_user
from app.db import utcnow
from app.demo.commands import demo_cli
from app.demo.event_plan import ZONE, event_values, plan_events, read_event_data
from app.demo.events import event_key
from app.demo.loader import DEMO_ASSOCIATION_EMAIL, DEMO_MODERATOR_EMAIL, read_demo_data
from app.events.models import Event, EventRevision, EventStatus
from app.extensions import db
from app.reference.models import Region

S = EventStatus
PUBLIC = {S.APPROVED, S.CANCELLED}
WITH_REASON = {S.CANCELLED, S.REJECTED, S.CHANGES_REQUESTED}
# A word that mixes Latin and Cyrillic letters is a typo that looks right on screen.
MIXED_SCRIPTS = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[а-яА-ЯёЁәіңғүұқөһӘІҢҒҮҰҚӨҺ])\w+\b")
TEXT_FIELDS = ("title_kk", "title_ru", "title_en", "description_kk", "description_ru",
               "description_en", "venue_address", "status_reason")  # fmt: skip


@pytest.fixture
def loaded(app, runner) -> str:
    result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def events(app, loaded) -> Iterator[list[Event]]:
    with app.app_context():
        yield list(
            db.session.scalars(
                sa.select(Event)
                .options(selectinload(Event.association), selectinload(Event.region))
                .order_by(Event.id)
            )
        )


def _counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Event, EventRevision, AuditEntry)
        }


def _pending_revisions() -> list[EventRevision]:
    return list(
        db.session.scalars(sa.select(EventRevision).where(EventRevision.status == S.SUBMITTED))
    )


def test_about_two_hundred_events_of_approved_associations(events):
    assert 180 <= len(events) <= 220
    assert {event.association.status for event in events} == {AssociationStatus.APPROVED}
    assert len({event.association_id for event in events}) >= 15


def test_every_task_has_public_events_and_culture_leads(events):
    public = Counter(event.task_number for event in events if event.status in PUBLIC)
    assert all(public[number] >= 10 for number in range(1, 7)), public
    assert public.most_common(1)[0][0] == 6


def test_every_state_occurs_in_plausible_numbers(events):
    statuses = Counter(event.status for event in events)
    assert 140 <= statuses[S.APPROVED] <= 175
    assert 8 <= statuses[S.SUBMITTED] <= 15
    for status in (S.DRAFT, S.CANCELLED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN):
        assert 3 <= statuses[status] <= 10, status
    assert 3 <= len(_pending_revisions()) <= 8
    for event in events:
        assert (event.status_reason is not None) == (event.status in WITH_REASON), event


def test_pending_revisions_change_title_and_time(app, events):
    revisions = _pending_revisions()
    assert revisions
    for revision in revisions:
        assert revision.event.status == S.APPROVED
        assert {"starts_at", "ends_at"} <= set(revision.data)
        assert set(revision.data) & {"title_kk", "title_ru", "title_en"}
        assert revision.submitted_at > revision.event.approved_at


def test_past_and_upcoming_events_within_half_a_year(events):
    now = utcnow()
    dated = [event for event in events if event.starts_at is not None]
    approved = [event for event in dated if event.status == S.APPROVED]
    assert sum(event.ends_at < now for event in approved) >= 40
    assert sum(event.starts_at > now for event in approved) >= 40
    assert all(abs(event.starts_at - now) < timedelta(days=190) for event in dated)
    # Waiting for a moderator, or sent back, only makes sense ahead of the event.
    waiting = (S.SUBMITTED, S.CHANGES_REQUESTED, S.DRAFT, S.WITHDRAWN)
    assert all(event.starts_at > now for event in dated if event.status in waiting)


def test_times_are_daytime_in_almaty_and_a_few_festivals_last_days(events):
    dated = [event for event in events if event.starts_at is not None]
    for event in dated:
        start = event.starts_at.astimezone(ZONE)
        assert 10 <= start.hour <= 18, event
        length = event.ends_at - event.starts_at
        assert timedelta(hours=1) <= length <= timedelta(days=3), event
    several_days = [e for e in dated if e.ends_at - e.starts_at > timedelta(hours=12)]
    assert 2 <= len(several_days) <= 15
    assert Counter(e.starts_at.astimezone(ZONE).weekday() >= 5 for e in dated)[True] >= 40


def test_holidays_fall_on_their_dates(events):
    def local_days(title_ru: str) -> set[tuple[int, int]]:
        return {
            (e.starts_at.astimezone(ZONE).month, e.starts_at.astimezone(ZONE).day)
            for e in events
            if e.title_ru and e.title_ru.startswith(title_ru)
        }

    assert local_days("День благодарности") <= {(3, 1)}
    assert local_days("«Спасибо тебе, казахский народ!»") <= {(3, 1)}
    assert local_days("Праздничный концерт ко Дню единства") <= {(5, 1)}
    assert local_days("Наурыз") <= {(3, 21), (3, 22), (3, 23)}


def test_every_non_draft_event_is_complete(events):
    for event in events:
        if event.status != S.DRAFT:
            assert event.task_number and event.starts_at and event.ends_at, event
            assert event.ends_at > event.starts_at
    drafts = [event for event in events if event.status == S.DRAFT]
    assert any(event.task_number is None and event.starts_at is None for event in drafts)
    assert any(event.task_number is not None for event in drafts)


def test_formats_places_and_links(app, events):
    formats = Counter(event.format for event in events)
    assert 0.6 <= formats["in_person"] / len(events) <= 0.8
    assert formats["online"] / len(events) >= 0.1
    assert formats["hybrid"] / len(events) >= 0.1
    for event in events:
        online = event.format != "in_person"
        assert (event.online_url is not None) == online, event
        if online:
            assert event.online_url.startswith("https://meet.example.kz/")
        if event.format == "online":
            assert event.region_id is None and event.venue_address is None
        elif event.starts_at is not None:
            assert event.region is not None and event.locality and event.venue_address
            assert event.region_id == event.association.region_id
    with app.app_context():
        association_regions = set(
            db.session.scalars(
                sa.select(Region.iso_code)
                .join(Association, Association.region_id == Region.id)
                .where(Association.status == AssociationStatus.APPROVED)
            )
        )
    assert {event.region.iso_code for event in events if event.region} == association_regions


def test_languages_access_and_registration(events):
    for flag in ("held_in_kk", "held_in_ru", "held_in_en", "held_in_other"):
        assert any(getattr(event, flag) for event in events), flag
    assert all(e.held_in_kk or e.held_in_ru or e.held_in_en or e.held_in_other for e in events)
    share = lambda flag: sum(getattr(e, flag) for e in events) / len(events)  # noqa: E731
    assert 0.25 <= share("has_step_free_access") <= 0.5
    assert 0.03 <= share("has_sign_language") <= 0.2
    assert 0.08 <= share("has_simultaneous_translation") <= 0.25
    links = [event.registration_url for event in events if event.registration_url]
    assert len(links) >= 20
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme == "https" and parts.hostname.endswith(".example.kz"), link
    assert sum(event.capacity is not None for event in events) >= 50


def test_texts_are_filled_in_and_mostly_in_both_languages(events):
    both = sum(bool(event.title_kk and event.title_ru) for event in events)
    assert both / len(events) >= 0.8
    assert 20 <= sum(bool(event.title_en) for event in events) <= len(events) // 2
    for event in events:
        assert event.title_kk or event.title_ru
        assert event.description_kk or event.description_ru or event.description_en
        for name in TEXT_FIELDS:
            text = getattr(event, name) or ""
            assert "{" not in text and "}" not in text, (event, name)
            assert not MIXED_SCRIPTS.search(text), (event, name, text)
    # Titles vary: many associations hold the same kind of seminar, but not under one name.
    titles = Counter(event.title_ru for event in events if event.title_ru)
    assert len(titles) >= 0.55 * len(events)
    assert titles.most_common(1)[0][1] <= 8


def test_the_demo_association_shows_every_screen(app, events):
    now = utcnow()
    with app.app_context():
        demo_id = find_user(DEMO_ASSOCIATION_EMAIL).association_id
        revised = {revision.event_id for revision in _pending_revisions()}
    own = [event for event in events if event.association_id == demo_id]
    statuses = Counter(event.status for event in own)
    assert len(statuses) >= 5
    assert sum(e.status == S.APPROVED and e.starts_at > now for e in own) >= 3
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.CANCELLED):
        assert statuses[status] >= 1, status
    assert any(event.id in revised for event in own)
    assert all(e.status_reason for e in own if e.status == S.CHANGES_REQUESTED)


def test_the_audit_log_tells_the_story(app, events):
    with app.app_context():
        moderator = find_user(DEMO_MODERATOR_EMAIL)
        entries = list(db.session.scalars(sa.select(AuditEntry)))
        members = {user.id: user.association_id for user in db.session.scalars(sa.select(User))}
    by_action: dict[str, dict[int, AuditEntry]] = {}
    for entry in entries:
        if entry.subject_type == "events":
            by_action.setdefault(entry.action, {})[entry.subject_id] = entry
    for event in events:
        created = by_action["event.create"][event.id]
        assert members[created.actor_id] == event.association_id
        if event.status in PUBLIC:
            assert by_action["event.approve"][event.id].actor_id == moderator.id
        if event.status == S.CANCELLED:
            cancelled = by_action["event.cancel"][event.id]
            assert members[cancelled.actor_id] == event.association_id
            assert cancelled.reason == event.status_reason
    approved = sum(event.status in PUBLIC for event in events)
    assert len(by_action["event.approve"]) == approved


def test_review_moments_come_in_order_and_before_now(events):
    now = utcnow()
    for event in events:
        moments = [event.submitted_at, event.approved_at, event.cancelled_at]
        present = [moment for moment in moments if moment is not None]
        assert present == sorted(present) and all(m < now for m in present), event
        if event.status in PUBLIC:
            assert event.approved_at < event.starts_at
        assert (event.submitted_at is None) == (event.status == S.DRAFT), event


def test_the_output_counts_the_events(loaded):
    line = next(line for line in loaded.splitlines() if line.startswith("events:"))
    match = re.fullmatch(r"events: (\d+) created \((\d+) approved, .*\), 0 already there", line)
    assert match, line
    assert 180 <= int(match[1]) <= 220
    assert "with changes waiting for review" in line


def test_a_second_load_creates_nothing(app, runner, loaded):
    before = _counts(app)
    result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    assert f"events: 0 created, {before['events']} already there" in result.output
    assert _counts(app) == before


def test_a_load_on_a_later_day_creates_nothing(app, runner, loaded):
    before = _counts(app)
    with freeze_time(utcnow() + timedelta(days=45)):
        result = runner.invoke(demo_cli, ["load"])
    assert result.exit_code == 0, result.output
    assert _counts(app) == before


def test_the_plan_does_not_depend_on_the_day(app):
    data = read_event_data()
    entries, demo_key = read_demo_data()
    plan = plan_events(data, entries, demo_key)
    assert plan == plan_events(data, entries, demo_key)
    with app.app_context():
        regions = {region.iso_code: region for region in db.session.scalars(sa.select(Region))}

        def values_on(day: date) -> list[dict]:
            return [event_values(p, day, regions[p.region], data["venues"][p.region]) for p in plan]

        def keys_on(day: date) -> list[tuple[str, str]]:
            return [
                (p.association, event_key(v)) for p, v in zip(plan, values_on(day), strict=True)
            ]

        today = utcnow().astimezone(ZONE).date()
        # The same day gives the same events, to the minute; another day, the same keys.
        assert values_on(today) == values_on(today)
        assert keys_on(today) == keys_on(today + timedelta(days=100))
        assert len(set(keys_on(today))) == len(plan)
