"""National-scale demo data for measuring: ``flask demo load --events N --associations M``.

Rows come from a seeded random generator and reach the database as bulk inserts of a few
thousand rows through the app's own models. The small demo set takes every event through the
services one by one, which writes a faithful audit log but would take hours for a million
events; this set writes no audit entries.

The spread follows what a national platform would hold: associations in every region (more
where more people live), mostly approved; events over the past two years and the next year,
mostly approved, in every other status too, some with changes waiting for review or reports
from visitors. The first events visit every region and task, so even a small set fills every
filter. A database that already holds a scale set is left alone.
"""

from __future__ import annotations

import itertools
import random
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text

from app.associations.models import AssociationStatus
from app.audit import record
from app.auth.models import Role
from app.auth.passwords import hash_password
from app.auth.services import create_user, find_user
from app.db import utcnow
from app.demo.event_plan import read_event_data
from app.demo.loader import DEMO_ADMIN_EMAIL, DEMO_MODERATOR_EMAIL, DEMO_PASSWORD, DemoDataError
from app.demo.scale_associations import Organiser
from app.demo.scale_events import ScaleRows
from app.demo.scale_texts import ScaleWords
from app.events.listing import refresh_listing
from app.events.models import EventStatus
from app.events.search import reindex_all
from app.extensions import db
from app.models import (
    Association,
    EthnicCommunity,
    Event,
    EventRevision,
    Region,
    Report,
    StatutoryTask,
    User,
    association_focus_tasks,
)

SEED = "national-scale"
SCALE_EMAIL_DOMAIN = "scale.example.kz"
EVENTS_PER_ASSOCIATION = 50
CHUNK_SIZE = 5_000
A = AssociationStatus
S = EventStatus
# Shares of the statuses other than approved; approved takes the rest.
ASSOCIATION_SHARES = {A.PENDING: 0.06, A.SUSPENDED: 0.03, A.REJECTED: 0.03}
EVENT_SHARES = {
    S.SUBMITTED: 0.05, S.DRAFT: 0.04, S.CANCELLED: 0.03, S.CHANGES_REQUESTED: 0.025,
    S.REJECTED: 0.025, S.WITHDRAWN: 0.015, S.UNPUBLISHED: 0.015,
}  # fmt: skip
# Events of these associations exist; pending and rejected ones never got to submit any.
ORGANISING = (A.APPROVED, A.SUSPENDED)


@dataclass
class ScaleSummary:
    associations: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    revisions: Counter[str] = field(default_factory=Counter)
    reports: Counter[str] = field(default_factory=Counter)
    users: int = 0
    seconds: float = 0.0
    # Set when a scale set was there already: (associations, events) found.
    existing: tuple[int, int] | None = None


def default_sizes(events: int | None, associations: int | None) -> tuple[int, int]:
    """Either size from the other when only one is given: about fifty events per association."""
    if events is None:
        events = (associations or 0) * EVENTS_PER_ASSOCIATION
    if associations is None:
        associations = max(10, events // EVENTS_PER_ASSOCIATION)
    return events, associations


def load_scale_data(
    events: int, associations: int, seed: str = SEED, now: datetime | None = None
) -> ScaleSummary:
    """Generate ``associations`` associations with a log-in each and ``events`` events, and
    commit; nothing when the database already has a scale set."""
    started = clock.perf_counter()
    summary = ScaleSummary()
    found = _existing_scale_set()
    if found is not None:
        summary.existing = found
        return summary
    words = ScaleWords()
    maker = ScaleRows(
        random.Random(seed), words, now or utcnow(), _reference_ids(), _reasons(words), _staff().id
    )
    organisers = _insert_associations(maker, associations, summary)
    _insert_events(maker, events, organisers, summary)
    _after_bulk_load()
    summary.seconds = clock.perf_counter() - started
    return summary


def _existing_scale_set() -> tuple[int, int] | None:
    scale_users = select(User.association_id).where(User.email.like(f"%@{SCALE_EMAIL_DOMAIN}"))
    associations = db.session.scalar(
        select(func.count()).select_from(Association).where(Association.id.in_(scale_users))
    )
    if not associations:
        return None
    events = db.session.scalar(select(func.count()).select_from(Event))
    return associations, events


def _reference_ids() -> dict[str, dict]:
    ids = {
        "region": dict(db.session.execute(select(Region.iso_code, Region.id)).all()),
        "community": dict(
            db.session.execute(select(EthnicCommunity.code, EthnicCommunity.id)).all()
        ),
    }
    tasks = db.session.scalar(select(func.count()).select_from(StatutoryTask))
    if tasks != 6 or len(ids["region"]) < 20:
        raise DemoDataError("reference rows missing: run `flask reference load` first")
    return ids


def _reasons(words: ScaleWords) -> dict[str, itertools.cycle]:
    """Moderators' and organisers' reasons, each in turn: those of the small demo set and more."""
    reasons = read_event_data()["reasons"] | words.reasons
    return {name: itertools.cycle(texts) for name, texts in reasons.items()}


def _staff() -> User:
    """The demo moderator (who decided what the set shows decided) and admin, as in README."""
    for email, role in ((DEMO_MODERATOR_EMAIL, Role.MODERATOR), (DEMO_ADMIN_EMAIL, Role.ADMIN)):
        if find_user(email) is None:
            user = create_user(email, DEMO_PASSWORD, role=role, email_confirmed_at=utcnow())
            record(None, "account.create", user, after=role)
    db.session.commit()
    return find_user(DEMO_MODERATOR_EMAIL)


def deal(rng: random.Random, shares: dict[str, float], majority: str, total: int) -> list[str]:
    """``total`` statuses in the given shares, shuffled; a set of more than a handful of rows
    gets every status at least once."""
    every = total >= 10 * len(shares)
    counts = {status: max(round(share * total), int(every)) for status, share in shares.items()}
    dealt = [status for status, count in counts.items() for _ in range(count)][:total]
    dealt += [majority] * (total - len(dealt))
    rng.shuffle(dealt)
    return dealt


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _insert_associations(maker: ScaleRows, total: int, summary: ScaleSummary) -> list[Organiser]:
    statuses = deal(maker.rng, ASSOCIATION_SHARES, A.APPROVED, total)
    first_id = _next_id(Association)
    taken_bins = set(db.session.scalars(select(Association.bin).where(Association.bin.isnot(None))))
    password_hash = hash_password(DEMO_PASSWORD)  # once: every log-in of the set shares it
    organisers = []
    for start in range(0, total, CHUNK_SIZE):
        rows, focus_rows, user_rows = [], [], []
        for n in range(start, min(start + CHUNK_SIZE, total)):
            row, organiser = maker.association(first_id + n, n, statuses[n], taken_bins)
            rows.append(row)
            focus_rows += [
                {"association_id": row["id"], "task_number": number}
                for number in organiser.focus_tasks
            ]
            user_rows.append(maker.user(row, f"{row['slug']}@{SCALE_EMAIL_DOMAIN}", password_hash))
            organisers.append(organiser)
            summary.associations[row["status"]] += 1
        _bulk_insert(Association, rows)
        _bulk_insert(association_focus_tasks, focus_rows)
        _bulk_insert(User, user_rows)
        db.session.commit()
        summary.users += len(user_rows)
    return organisers


def _insert_events(
    maker: ScaleRows, total: int, organisers: list[Organiser], summary: ScaleSummary
) -> None:
    active = [o for o in organisers if o.status in ORGANISING]
    approved = [o for o in active if o.status == A.APPROVED]
    if total and not approved:
        raise DemoDataError("no approved association to organise events: ask for more of them")
    # Associations whose events a moderator reviews first: the first events' organisers.
    reviewed = [o for o in approved if not o.is_trusted] or approved
    weights = list(itertools.accumulate(o.weight for o in active))
    # The first events, one per region and task in turn, are public and upcoming.
    covering = min(total, len(maker.region_codes))
    statuses = [S.APPROVED] * covering + deal(maker.rng, EVENT_SHARES, S.APPROVED, total - covering)
    first_id = _next_id(Event)
    for start in range(0, total, CHUNK_SIZE):
        end = min(start + CHUNK_SIZE, total)
        chosen = maker.rng.choices(active, cum_weights=weights, k=end - start)
        rows, revisions, reports = [], [], []
        for n in range(start, end):
            cover = n if n < covering else None
            organiser = maker.rng.choice(reviewed) if cover is not None else chosen[n - start]
            row = maker.event(first_id + n, statuses[n], organiser, cover)
            rows.append(row)
            summary.events[row["status"]] += 1
            # Even a small set has changes and a report waiting in the moderators' queue.
            if revision := maker.revision(row, organiser, always=cover == 0):
                revisions.append(revision)
                summary.revisions[revision["status"]] += 1
            if report := maker.report(row, always=cover == 1):
                reports.append(report)
                summary.reports[report["status"]] += 1
        _bulk_insert(Event, rows)
        if revisions:
            _bulk_insert(EventRevision, revisions)
        if reports:
            _bulk_insert(Report, reports)
        db.session.commit()


def _bulk_insert(model, rows: list[dict[str, Any]]) -> None:
    """One INSERT for many rows. NULLs are written as NULLs: by default the ORM leaves a None
    out so that a server default may apply, which splits the rows into one statement each."""
    db.session.execute(insert(model).execution_options(render_nulls=True), rows)


def _after_bulk_load() -> None:
    """What the ORM's flush hooks would have done row by row: which events are listed, and
    their search documents. On PostgreSQL also: id sequences moved past the ids given, and the
    planner's statistics refreshed now (autovacuum may be late, or off), so measurements repeat."""
    refresh_listing(db.session.connection())
    reindex_all(db.session.connection())
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("associations", "events"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        )
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
