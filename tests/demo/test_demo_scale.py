"""`flask demo load --events N --associations M`: a national-scale set spread like real data."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from app.associations.models import Association, AssociationStatus, LegalForm
from app.associations.validators import is_valid_bin
from app.auth.models import User
from app.auth.passwords import verify_password
from app.demo.commands import demo_cli
from app.demo.loader import DEMO_PASSWORD
from app.demo.scale import SCALE_EMAIL_DOMAIN
from app.demo.scale_associations import Organiser
from app.demo.scale_events import ScaleRows
from app.demo.scale_texts import ScaleWords
from app.events.models import Event, EventFormat, EventRevision, EventStatus, Report, ReportStatus
from app.extensions import db
from app.reference.models import Region

S = EventStatus
KAZAKH_LETTERS = re.compile("[әіңғүұқөһӘІҢҒҮҰҚӨҺ]")
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


@pytest.fixture
def scale_set(app, runner) -> str:
    result = runner.invoke(demo_cli, ["load", "--events", "300", "--associations", "20"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def events(app, scale_set) -> Iterator[list[Event]]:
    with app.app_context():
        yield list(db.session.scalars(sa.select(Event).order_by(Event.id)))


def _public(events: list[Event]) -> list[Event]:
    return [e for e in events if e.status in (S.APPROVED, S.CANCELLED) and e.association.is_public]


def test_the_sizes_asked_for_with_a_log_in_per_association(app, events):
    assert len(events) == 300
    with app.app_context():
        associations = db.session.scalars(sa.select(Association)).all()
        users = db.session.scalars(
            sa.select(User).where(User.email.endswith(f"@{SCALE_EMAIL_DOMAIN}"))
        ).all()
        assert len(associations) == 20
        assert {user.association_id for user in users} == {a.id for a in associations}
        assert verify_password(users[0].password_hash, DEMO_PASSWORD)


def test_every_status_occurs_and_most_are_approved(app, events):
    statuses = [event.status for event in events]
    assert set(statuses) == set(EventStatus)
    assert statuses.count(S.APPROVED) > 0.7 * len(events)
    with app.app_context():
        associations = db.session.scalars(sa.select(Association.status)).all()
        assert set(associations) == set(AssociationStatus)
        assert associations.count(AssociationStatus.APPROVED) > 0.7 * len(associations)


def test_public_events_spread_over_every_task_region_format_and_language(app, events):
    public = _public(events)
    with app.app_context():
        regions = set(db.session.scalars(sa.select(Region.id)))
    assert {event.task_number for event in public} == set(range(1, 7))
    assert {event.region_id for event in public} - {None} == regions
    assert {event.format for event in public} == set(EventFormat)
    for language in ("kk", "ru", "en", "other"):
        assert any(getattr(event, f"held_in_{language}") for event in public), language
    assert len({event.association_id for event in public}) >= 10


def test_dates_cover_the_past_two_years_and_the_next(events):
    now = datetime.now(UTC)
    starts = [event.starts_at for event in events if event.starts_at]
    assert min(starts) < now - timedelta(days=300)
    assert max(starts) > now + timedelta(days=200)
    assert all(now - timedelta(days=732) < start < now + timedelta(days=367) for start in starts)
    waiting = [e for e in events if e.status in (S.SUBMITTED, S.CHANGES_REQUESTED)]
    assert all(event.starts_at > now for event in waiting)


def test_texts_in_kazakh_russian_and_english(events):
    for lang, marks in (("kk", KAZAKH_LETTERS), ("ru", CYRILLIC)):
        titles = [getattr(e, f"title_{lang}") for e in events if getattr(e, f"title_{lang}")]
        assert len(titles) > 0.5 * len(events)
        assert sum(bool(marks.search(title)) for title in titles) > 0.5 * len(titles)
    english = [e for e in events if e.title_en]
    assert len(english) > 0.2 * len(events)
    assert not any(CYRILLIC.search(e.title_en) for e in english)
    assert any("Ұйымдастырушы —" in (e.description_kk or "") for e in events)
    assert any("Организатор —" in (e.description_ru or "") for e in events)
    assert any("Organised by the" in (e.description_en or "") for e in events)


def test_real_places_named_as_each_language_needs(events):
    oral = [e for e in events if e.locality == "Уральск" and e.description_kk]
    assert any("Іс-шара Оралда өтеді." in e.description_kk for e in oral)
    assert any("Мероприятие пройдёт в Уральске." in e.description_ru for e in oral)
    assert any("It takes place in Oral." in e.description_en for e in oral)
    assert any(re.match(r"\w+(дағы|дегі|тағы|тегі) ", e.title_kk or "") for e in events)
    assert any(re.search(r" в [А-Я]\w+$", e.title_ru or "") for e in events)
    assert any(re.search(r" in [A-Z]\w+$", e.title_en or "") for e in events)


def test_rows_are_consistent(app, events):
    for event in events:
        if event.starts_at:
            assert event.ends_at > event.starts_at
        assert (event.submitted_at is None) == (event.status == S.DRAFT)
        if event.status in (S.APPROVED, S.CANCELLED, S.UNPUBLISHED):
            assert event.submitted_at < event.approved_at <= datetime.now(UTC)
        assert event.association.status in (AssociationStatus.APPROVED, AssociationStatus.SUSPENDED)
        assert (event.format == EventFormat.ONLINE) == (event.region_id is None)
    with app.app_context():
        for association in db.session.scalars(sa.select(Association)):
            assert association.bin is None or is_valid_bin(association.bin)
            assert (association.legal_form == LegalForm.BRANCH) == (
                association.parent_id is not None
            )
            assert association.focus_tasks


def test_changes_and_reports_wait_for_the_moderators(app, scale_set):
    with app.app_context():
        revisions = db.session.scalars(sa.select(EventRevision)).all()
        assert any(revision.status == S.SUBMITTED for revision in revisions)
        assert all(revision.event.status == S.APPROVED for revision in revisions)
        reports = db.session.scalars(sa.select(Report)).all()
        assert any(report.status == ReportStatus.OPEN for report in reports)
        unpublished = db.session.scalars(sa.select(Event).where(Event.status == S.UNPUBLISHED))
        assert {event.id for event in unpublished} <= {report.event_id for report in reports}


def test_public_pages_show_the_set(app, client, events):
    event = next(e for e in _public(events) if e.ends_at > datetime.now(UTC))
    with app.app_context():
        slug = db.session.get(Association, event.association_id).slug
    page = client.get(f"/kk/events?task={event.task_number}")
    assert page.status_code == 200
    for path in (f"/kk/events/{event.id}-{event.slug}", f"/ru/associations/{slug}"):
        assert client.get(path, follow_redirects=True).status_code == 200


def test_text_search_finds_the_set(client, events):
    """Bulk inserts bypass the ORM's hooks: the set must be listed and searchable all the same."""
    now = datetime.now(UTC)
    oral = [e for e in _public(events) if e.locality == "Уральск" and e.ends_at > now]
    page = client.get("/ru/events?q=Уральск").get_data(as_text=True)
    assert any(escape(event.title_ru or event.title_kk or event.title_en) in page for event in oral)


def test_a_second_load_generates_nothing(app, runner, events):
    result = runner.invoke(demo_cli, ["load", "--events", "300", "--associations", "20"])
    assert result.exit_code == 0, result.output
    assert "nothing generated" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == len(events)


def test_refused_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = runner.invoke(demo_cli, ["load", "--events", "10"])
    assert result.exit_code != 0
    assert "production" in result.output


def _rows(seed: str) -> list[dict]:
    words = ScaleWords()
    ids = {
        "region": {code: n for n, code in enumerate(words.regions, 1)},
        "community": {c.code: n for n, c in enumerate(words.communities, 1)},
    }
    reasons = {
        name: itertools.cycle(["a reason"])
        for name in ("changes_requested", "rejected", "cancelled", "unpublished")
    }
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    rows = ScaleRows(random.Random(seed), words, now, ids, reasons, moderator_id=1)
    organiser = Organiser(
        id=1,
        slug="russian-oral-1",
        status=AssociationStatus.APPROVED,
        place=words.regions["KZ-27"][1][0],
        community=words.communities[1],
        names={
            "kk": "«Родник» орыс мәдени орталығы",
            "ru": "Русский культурный центр «Родник»",
            "en": "the Russian cultural centre “Rodnik”",
        },
        focus_tasks=(6,),
        is_trusted=False,
        weight=1.0,
    )
    return [rows.event(n, S.APPROVED, organiser, None) for n in range(50)]


def test_the_same_seed_gives_the_same_rows():
    assert _rows("one") == _rows("one")
    assert _rows("one") != _rows("two")
