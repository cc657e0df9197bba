"""The moderators' pages: the queue, the review of each item, decisions and notes."""

from __future__ import annotations

import json

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.auth.permissions import is_moderator, require
from app.events.models import Event
from app.events.public import event_page_context
from app.events.services import revision_preview
from app.extensions import db
from app.lifecycle import TransitionError
from app.moderation import bp, items
from app.moderation.admin import admin_actions
from app.moderation.decisions import ConflictError, last_decision
from app.moderation.diffs import profile_diff, revision_diff
from app.moderation.forms import DecisionForm, NoteForm
from app.moderation.notes import add_note, notes_for
from app.moderation.queue import KINDS, QueueFilter, next_item, waiting_count, waiting_items
from app.params import bounded_int
from app.reference.queries import all_tasks, regions_by_name
from app.web import is_htmx, render


@bp.before_request
@require(is_moderator)
def _moderators_only():
    return None


@bp.app_context_processor
def _queue_badge():
    """The number of waiting items, for the navigation of moderators."""

    def moderation_waiting() -> int:
        return waiting_count() if is_moderator(current_user) else 0

    return {"moderation_waiting": moderation_waiting}


@bp.get("")
def index():
    filters = QueueFilter.from_args(request.args)
    return render(
        "moderation/index.html",
        fragment="queue",
        filters=filters,
        queue=waiting_items(filters),
        kinds=KINDS,
        tasks=all_tasks(),
        regions=regions_by_name(),
    )


def _track_record(association_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Event.status, func.count(Event.id))
        .where(Event.association_id == association_id)
        .group_by(Event.status)
    )
    return dict(rows.all())


def _subject(kind: str, item):
    return "associations" if kind in ("association", "profile_change") else item.__tablename__


def _review_context(kind: str, item) -> dict:
    association = (
        getattr(item, "association", None)
        or getattr(getattr(item, "event", None), "association", None)
        or item
    )
    context = {
        "kind": kind,
        "item": item,
        "association": association,
        "actions": items.KINDS[kind].actions(item),
        "admin_actions": admin_actions(association),
        "track_record": _track_record(association.id),
        "notes": notes_for(_subject(kind, item), item.id),
        "note_form": NoteForm(formdata=None),
        "history": last_decision(_subject(kind, item), item.id),
    }
    if kind == "profile_change":
        context["diff_rows"] = profile_diff(item)
    if kind == "revision":
        context["diff_rows"] = revision_diff(item.event, item.data)
    event = _event_to_preview(kind, item)
    if event is not None:
        context["preview_html"] = Markup(
            render_template("events/_details.html", level=3, **event_page_context(event))
        )
    return context


def _event_to_preview(kind: str, item) -> Event | None:
    """The event exactly as the public would see it, a revision's changes applied."""
    if kind in ("event", "trusted"):
        return item
    if kind == "report":
        return item.event
    if kind == "revision":
        return revision_preview(item)
    return None


@bp.get("/<kind>/<id:item_id>")
def review(kind: str, item_id: int):
    spec, item = items.load(kind, item_id)
    form = DecisionForm(formdata=None, data={"version": item.version})
    return render(spec.template, form=form, **_review_context(kind, item))


def _after_decision(kind: str, item_id: int):
    upcoming = next_item(after=(kind, item_id))
    target = (
        url_for("moderation.review", kind=upcoming.kind, item_id=upcoming.id)
        if upcoming
        else url_for("moderation.index")
    )
    if is_htmx():
        # htmx fetches the next item itself and swaps it into <main>, pushing its URL.
        response = make_response("", 204)
        response.headers["HX-Location"] = json.dumps(
            {"path": target, "target": "#main", "select": "#main", "swap": "outerHTML"}
        )
        return response
    return redirect(target, code=303)


@bp.post("/<kind>/<id:item_id>/decide")
def decide(kind: str, item_id: int):
    spec, item = items.load(kind, item_id)
    form = DecisionForm()
    action = request.form.get("action", "")
    seen = bounded_int(request.form.get("version"))
    if seen is not None and seen != item.version:
        # The item changed since the moderator opened it: show what happened, change nothing.
        return _conflict(kind, item_id, ConflictError(last_decision(_subject(kind, item), item_id)))
    if form.validate_for(action, spec.actions(item), spec.needs_reason(item, action)):
        try:
            spec.decide(item, action, current_user, form.reason.data, form.version.data)
            db.session.commit()
        except ConflictError as conflict:
            db.session.rollback()
            return _conflict(kind, item_id, conflict)
        except StaleDataError:
            db.session.rollback()
            spec, fresh = items.load(kind, item_id)
            return _conflict(
                kind, item_id, ConflictError(last_decision(_subject(kind, fresh), item_id))
            )
        except TransitionError:
            db.session.rollback()
            form.form_errors.append(_("This action is not possible for this item."))
        else:
            flash(_("Decision saved."), "success")
            return _after_decision(kind, item_id)
    return render(
        spec.template, fragment="decision", form=form, status=200, **_review_context(kind, item)
    )


def _conflict(kind: str, item_id: int, conflict: ConflictError):
    spec, item = items.load(kind, item_id)
    form = DecisionForm(formdata=None, data={"version": item.version})
    return render(
        spec.template, form=form, conflict=conflict.entry, status=409, **_review_context(kind, item)
    )


@bp.post("/<kind>/<id:item_id>/notes")
def note(kind: str, item_id: int):
    spec, item = items.load(kind, item_id)
    form = NoteForm()
    if form.validate_on_submit():
        add_note(_subject(kind, item), item.id, current_user, form.text.data)
        db.session.commit()
        flash(_("Note saved."), "success")
        return redirect(
            url_for("moderation.review", kind=kind, item_id=item_id, _anchor="notes"), code=303
        )
    context = _review_context(kind, item)
    context["note_form"] = form
    return render(
        spec.template, form=DecisionForm(formdata=None, data={"version": item.version}), **context
    )
