"""Demo events: about two hundred events of the approved demo associations, from half a year
before the day of the load to half a year after it (planned in ``event_plan``).

An event is known by its association and its slug (made from the title): a second load, that
day or any later one, creates nothing and leaves existing events, edited or not, alone.

Every event goes through the real services and state machine, so the audit log reads as if the
associations and the moderator had done it all by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from app.associations.models import Association, AssociationStatus
from app.auth.models import User
from app.auth.services import find_user
from app.db import utcnow
from app.demo.event_plan import (
    NEW_DATE,
    REVISION,
    REVISION_SHIFT,
    ZONE,
    Planned,
    S,
    event_values,
    plan_events,
    read_event_data,
)
from app.demo.loader import (
    DEMO_ASSOCIATION_EMAIL,
    DEMO_MODERATOR_EMAIL,
    DemoDataError,
    association_email,
    read_demo_data,
)
from app.events.lifecycle import apply_transition
from app.events.models import Event
from app.events.services import cancel, create_event, update_event, withdraw
from app.extensions import db
from app.reference.models import Region
from app.slugs import make_slug


@dataclass
class EventSummary:
    created: Counter[str] = field(default_factory=Counter)
    revisions: int = 0
    existing: int = 0


# ── Reading ───────────────────────────────────────────────────────────────────────────────────
def event_key(values: dict[str, Any]) -> str:
    """The slug services.create_event gives an event with these values."""
    return make_slug(values["title_kk"] or values["title_ru"] or values["title_en"] or "")


def _revised(values: dict[str, Any]) -> dict[str, Any]:
    """What an association asks to change in an approved event: a week later, said in the title."""
    changed = dict(values)
    changed["starts_at"] = values["starts_at"] + REVISION_SHIFT
    changed["ends_at"] = values["ends_at"] + REVISION_SHIFT
    for lang, note in NEW_DATE.items():
        if values[f"title_{lang}"]:
            changed[f"title_{lang}"] = values[f"title_{lang}"] + note
    return changed


def _backdate(event: Event, revision, planned: Planned, midnight: datetime) -> None:
    """Plausible review moments, before the event and before today, instead of all "now"."""
    if event.submitted_at is None:
        return
    limit = min(event.starts_at, midnight)
    waiting = event.status in (S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN)
    lead = timedelta(days=planned.lead_days if not waiting else planned.lead_days % 5 + 1)
    event.submitted_at = limit - lead + timedelta(hours=planned.stamp_hour - 24)
    if event.approved_at is not None:
        event.approved_at = event.submitted_at + timedelta(days=1, hours=2)
    if event.cancelled_at is not None:
        event.cancelled_at = event.approved_at + timedelta(days=1, hours=3)
    if revision is not None:
        revision.submitted_at = midnight - timedelta(hours=24 - planned.stamp_hour)


# ── Loading ───────────────────────────────────────────────────────────────────────────────────


def _create(planned: Planned, values, association, actor, moderator):
    """The event, taken by its association and the moderator to its planned state."""
    state = planned.state
    event = create_event(association, values, actor, submit=state != S.DRAFT)
    revision = None
    if state in (S.APPROVED, S.CANCELLED, REVISION):
        apply_transition(event, "approve", moderator)
    if state == S.CANCELLED:
        # Only the organiser calls an event off (see events.permissions).
        cancel(event, actor, planned.reason)
    elif state == REVISION:
        revision = update_event(event, _revised(values), actor, submit=True)
    elif state == S.CHANGES_REQUESTED:
        apply_transition(event, "request_changes", moderator, planned.reason)
    elif state == S.REJECTED:
        apply_transition(event, "reject", moderator, planned.reason)
    elif state == S.WITHDRAWN:
        withdraw(event, actor)
    return event, revision


def _actors(associations: dict[str, Association], demo_key: str) -> dict[str, User]:
    """Who acts for each association: its own log-in; the demo log-in for the demo association."""
    actors = {}
    for key in associations:
        email = DEMO_ASSOCIATION_EMAIL if key == demo_key else association_email(key)
        actors[key] = find_user(email) or find_user(association_email(key))
    return actors


def load_demo_events(now: datetime | None = None) -> EventSummary:
    """Create the planned events that are missing and commit; existing ones are not touched.

    Needs the demo associations and accounts (load_demo_data) in place.
    """
    entries, demo_key = read_demo_data()
    data = read_event_data()
    plan = plan_events(data, entries, demo_key)
    today_local = (now or utcnow()).astimezone(ZONE)
    today = today_local.date()
    midnight = datetime.combine(today, time(0), tzinfo=ZONE).astimezone(UTC)
    associations = {
        a.slug: a
        for a in db.session.scalars(
            select(Association).where(Association.slug.in_({p.association for p in plan}))
        )
        # One suspended or reviewed again since the last load gets no new events.
        if a.status == AssociationStatus.APPROVED
    }
    regions = {region.iso_code: region for region in db.session.scalars(select(Region))}
    moderator = find_user(DEMO_MODERATOR_EMAIL)
    actors = _actors(associations, demo_key)
    if moderator is None or None in actors.values():
        raise DemoDataError("demo accounts missing: load the demo associations first")
    existing = {
        (association_id, slug)
        for association_id, slug in db.session.execute(
            select(Event.association_id, Event.slug).where(
                Event.association_id.in_([a.id for a in associations.values()])
            )
        )
    }
    summary = EventSummary()
    for planned in plan:
        association = associations.get(planned.association)
        if association is None:
            continue
        region = regions[planned.region]
        values = event_values(planned, today, region, data["venues"][planned.region])
        key = (association.id, event_key(values))
        if key in existing:
            summary.existing += 1
            continue
        existing.add(key)
        event, revision = _create(
            planned, values, association, actors[planned.association], moderator
        )
        _backdate(event, revision, planned, midnight)
        summary.created[event.status] += 1
        summary.revisions += revision is not None
    db.session.commit()
    return summary
