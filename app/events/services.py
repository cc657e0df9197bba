"""Actions of an association on its events. Status changes go through lifecycle.py."""

from __future__ import annotations

from typing import Any

from app.audit import record
from app.events.content import CONTENT_FIELDS, changed_fields, decode, encode
from app.events.lifecycle import (
    EDITABLE,
    NEW_REVISION,
    apply_revision_transition,
    apply_transition,
    is_edited_through_revision,
)
from app.events.models import Event, EventRevision, EventStatus
from app.events.queries import pending_revision
from app.extensions import db
from app.reference.models import Region, StatutoryTask
from app.slugs import make_slug


def _event_slug(values: dict[str, Any]) -> str:
    title = values.get("title_kk") or values.get("title_ru") or values.get("title_en") or ""
    return make_slug(title)


def _apply(event: Event, values: dict[str, Any]) -> None:
    for field in CONTENT_FIELDS:
        setattr(event, field, values.get(field))
    event.slug = _event_slug(values) or "event"


def _submit(event: Event, actor) -> None:
    """Send to review; a trusted association's event is approved by the rules at once and
    waits for a moderator's look afterwards."""
    apply_transition(event, "submit", actor)
    if event.association.is_trusted:
        apply_transition(event, "approve", None, "approved by the rules: trusted association")
        event.status_reason = None
        event.is_auto_approved = True
        event.post_reviewed_at = None


def _submit_revision(revision: EventRevision, actor) -> None:
    if revision.event.association.is_trusted:
        apply_revision_transition(revision, "approve", None)
        revision.is_auto_approved = True
        revision.event.is_auto_approved = True
        revision.event.post_reviewed_at = None


def create_event(association, values: dict[str, Any], actor, submit: bool) -> Event:
    """A new event saved as a draft, and sent to review at once when ``submit``."""
    event = Event(association=association, status=EventStatus.DRAFT)
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    record(actor, "event.create", event, after=event.status)
    if submit:
        _submit(event, actor)
    return event


def update_event(event: Event, values: dict[str, Any], actor, submit: bool) -> EventRevision | None:
    """Save changes to an event.

    A draft, a returned or a withdrawn event is changed in place (and submitted when asked).
    An approved event keeps its public version: the changes become a revision that waits for
    a moderator; a revision still waiting is updated rather than duplicated. Returns the
    revision, if one was made or updated.
    """
    if event.status in EDITABLE:
        if event.status == EventStatus.WITHDRAWN:
            apply_transition(event, "reopen", actor)
        _apply(event, values)
        record(actor, "event.update", event, after=event.status)
        if submit:
            _submit(event, actor)
        return None
    if not is_edited_through_revision(event):
        raise PermissionError(f"an event that is {event.status} cannot be edited")
    changes = changed_fields(event, values)
    revision = pending_revision(event)
    if not changes:
        return revision
    if revision is None:
        revision = EventRevision(event=event, status=NEW_REVISION, data={})
        db.session.add(revision)
        db.session.flush()
    revision.data = {field: encode(values)[field] for field in changes}
    if revision.status != EventStatus.SUBMITTED:
        apply_revision_transition(revision, "submit", actor)
    _submit_revision(revision, actor)
    return revision


def withdraw(event: Event, actor) -> None:
    """Take back what waits for review: the event itself, or the revision of an approved one."""
    revision = pending_revision(event) if event.status == EventStatus.APPROVED else None
    if revision is not None:
        apply_revision_transition(revision, "withdraw", actor)
    else:
        apply_transition(event, "withdraw", actor)


def cancel(event: Event, actor, reason: str | None = None) -> None:
    """An approved event is called off; it stays public, marked cancelled."""
    apply_transition(event, "cancel", actor, reason)


def revision_preview(revision: EventRevision) -> Event:
    """A copy of the event with the revision applied, kept out of the session: for previews."""
    event = revision.event
    preview = Event(
        id=event.id,
        association=event.association,
        status=event.status,
        slug=event.slug,
        sequence=event.sequence,
        **{field: getattr(event, field) for field in CONTENT_FIELDS},
    )
    for field, value in decode(revision.data).items():
        setattr(preview, field, value)
    preview.task = (
        db.session.get(StatutoryTask, preview.task_number) if preview.task_number else None
    )
    preview.region = db.session.get(Region, preview.region_id) if preview.region_id else None
    if preview in db.session:
        db.session.expunge(preview)
    return preview
