"""The association's own event pages: submission, drafts, editing, withdrawing, cancelling."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.permissions import has_association, require
from app.config import LOCAL_ZONE
from app.events import bp, services
from app.events.content import decode
from app.events.forms import EventForm
from app.events.lifecycle import TransitionError, is_edited_through_revision
from app.events.models import Event, EventFormat, EventRevision
from app.events.permissions import (
    can_cancel_event,
    can_edit_event,
    can_submit_events,
    can_withdraw_event,
)
from app.extensions import db
from app.web import render

LANGUAGE_FIELDS = {
    "kk": "held_in_kk",
    "ru": "held_in_ru",
    "en": "held_in_en",
    "other": "held_in_other",
}


def form_values(form: EventForm) -> dict:
    """The form's data as event fields: times in UTC, languages as flags."""
    online = form.format.data == EventFormat.ONLINE
    values = {
        field: (form[field].data.strip() or None)
        if isinstance(form[field].data, str)
        else form[field].data
        for field in (
            "title_kk",
            "title_ru",
            "title_en",
            "description_kk",
            "description_ru",
            "description_en",
            "task_number",
            "format",
            "region_id",
            "locality",
            "venue_address",
            "online_url",
            "registration_url",
            "capacity",
            "has_step_free_access",
            "has_sign_language",
            "has_simultaneous_translation",
        )
    }
    values["format"] = values["format"] or EventFormat.IN_PERSON.value
    values["starts_at"] = form.local_to_utc(form.starts_at.data)
    values["ends_at"] = form.local_to_utc(form.ends_at.data)
    for code, field in LANGUAGE_FIELDS.items():
        values[field] = code in (form.languages.data or [])
    if online:
        values.update(region_id=None, locality=None, venue_address=None)
    if values["format"] == EventFormat.IN_PERSON:
        values["online_url"] = None
    return values


def fill_form(form: EventForm, values: dict) -> None:
    """Show stored values in the form: local times, language checkboxes."""
    for name, field in form._fields.items():
        if name in values and name not in ("starts_at", "ends_at"):
            field.data = values[name]
    for name in ("starts_at", "ends_at"):
        if values.get(name):
            form[name].data = values[name].astimezone(LOCAL_ZONE).replace(tzinfo=None)
    form.languages.data = [code for code, field in LANGUAGE_FIELDS.items() if values.get(field)]


def _own_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or event.association_id != current_user.association_id:
        abort(404)
    return event


@bp.get("/dashboard/events")
@require(has_association)
def mine():
    events = list(
        db.session.scalars(
            select(Event)
            .where(Event.association_id == current_user.association_id)
            .options(selectinload(Event.task), selectinload(Event.region))
            .order_by(Event.starts_at.desc().nulls_first(), Event.id.desc())
        )
    )
    revisions = {
        revision.event_id: revision
        for revision in db.session.scalars(
            select(EventRevision)
            .where(EventRevision.event_id.in_([event.id for event in events]))
            .order_by(EventRevision.id)
        )
    }
    return render("events/manage/mine.html", events=events, revisions=revisions)


@bp.route("/dashboard/events/new", methods=["GET", "POST"])
@require(can_submit_events)
def create():
    form = EventForm()
    if request.method == "GET":
        form.languages.data = []
    submitting = request.form.get("action") == "submit"
    if form.is_submitted() and form.validate_for(submitting):
        event = services.create_event(
            current_user.association, form_values(form), current_user, submitting
        )
        db.session.commit()
        flash(
            _("The event has been sent to a moderator.")
            if submitting
            else _("The draft has been saved."),
            "success",
        )
        return redirect(url_for("events.mine", _anchor=f"event-{event.id}"))
    return render("events/manage/form.html", form=form, event=None, revision=None)


@bp.route("/dashboard/events/<id:event_id>/edit", methods=["GET", "POST"])
@require(has_association)
def edit(event_id: int):
    event = _own_event(event_id)
    if not can_edit_event(current_user, event):
        abort(403)
    revision = services.pending_revision(event)
    form = EventForm(original_start=event.starts_at)
    if not form.is_submitted():
        values = {column.key: getattr(event, column.key) for column in Event.__table__.columns}
        if revision is not None:
            values.update(decode(revision.data))
        fill_form(form, values)
    submitting = request.form.get("action") == "submit" or is_edited_through_revision(event)
    if form.is_submitted() and form.validate_for(submitting):
        new_revision = services.update_event(event, form_values(form), current_user, submitting)
        db.session.commit()
        if is_edited_through_revision(event):
            message = (
                _("Your changes wait for a moderator; the approved version stays public meanwhile.")
                if new_revision
                else _("Nothing was changed.")
            )
        elif submitting:
            message = _("The event has been sent to a moderator.")
        else:
            message = _("The draft has been saved.")
        flash(message, "success")
        return redirect(url_for("events.mine", _anchor=f"event-{event.id}"))
    return render("events/manage/form.html", form=form, event=event, revision=revision)


@bp.post("/dashboard/events/<id:event_id>/withdraw")
@require(has_association)
def withdraw(event_id: int):
    event = _own_event(event_id)
    has_revision = services.pending_revision(event) is not None
    if not (can_withdraw_event(current_user, event) or has_revision):
        abort(403)
    services.withdraw(event, current_user)
    db.session.commit()
    flash(_("Withdrawn from review."), "info")
    return redirect(url_for("events.mine", _anchor=f"event-{event.id}"))


@bp.post("/dashboard/events/<id:event_id>/cancel")
@require(has_association)
def cancel(event_id: int):
    event = _own_event(event_id)
    if not can_cancel_event(current_user, event):
        abort(403)
    try:
        services.cancel(event, current_user, request.form.get("reason", "")[:1000])
    except TransitionError:
        abort(409)
    db.session.commit()
    flash(_("The event is cancelled. It stays on the site, marked as cancelled."), "info")
    return redirect(url_for("events.mine", _anchor=f"event-{event.id}"))
