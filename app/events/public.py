"""Public pages of events: the list, each event, and calendar feeds."""

from __future__ import annotations

from flask import Response, abort, redirect, request, url_for
from flask_babel import format_number, gettext
from flask_login import current_user

from app.associations.models import Association
from app.events import bp
from app.events.feeds import build_atom, build_calendar
from app.events.filters import (
    EventFilter,
    events_page,
    feed_events,
    resolve,
    task_counts,
    total_from_counts,
)
from app.events.jsonld import event_jsonld, json_script
from app.events.models import ACCESS_LABELS, FORMAT_LABELS, LANGUAGE_LABELS, Event
from app.events.permissions import can_view_event
from app.events.presentation import (
    event_slug,
    event_url,
    external_event_url,
    local_time,
    task_label,
    web_url,
)
from app.events.queries import event_for_page
from app.i18n import localized_with_language
from app.reference.queries import all_tasks, communities_by_name, regions_by_name
from app.urls import external_url
from app.web import is_htmx, render

LABELS = {
    "format_labels": FORMAT_LABELS,
    "language_labels": LANGUAGE_LABELS,
    "access_labels": ACCESS_LABELS,
}


def _viewable_event(event_id: int) -> Event:
    event = event_for_page(event_id)
    if event is None or event.starts_at is None or not can_view_event(current_user, event):
        abort(404)
    return event


def _filters() -> tuple[EventFilter, Association | None]:
    return resolve(EventFilter.from_args(request.args))


def _feed_urls(filters: EventFilter) -> dict[str, str]:
    args = filters.args(page=1)
    return {
        "ics_url": external_url("events.feed_ics", **args),
        "atom_url": external_url("events.feed_atom", **args),
    }


@bp.get("/events")
def index():
    filters, association = _filters()
    counts = task_counts(filters)
    htmx = is_htmx()
    # The form around the results stays on the page during htmx swaps: no need to fill it.
    form = {} if htmx else {"regions": regions_by_name(), "communities": communities_by_name()}
    response = render(
        "events/index.html",
        fragment="results",
        filters=filters,
        association=association,
        page=events_page(filters, total_from_counts(filters, counts)),
        counts=counts,
        tasks=all_tasks(),
        refresh_counts=htmx,
        **_feed_urls(filters),
        **form,
        **LABELS,
    )
    if htmx:
        # The form sends its empty fields too; the address bar gets the tidy, shareable URL.
        response.headers["HX-Push-Url"] = url_for("events.index", **filters.args())
    return response


@bp.get("/events/<id:event_id>-<slug>")
def detail(event_id: int, slug: str):
    event = _viewable_event(event_id)
    if slug != event_slug(event):
        return redirect(event_url(event), code=301)
    return render("events/detail.html", **event_page_context(event))


def event_page_context(event: Event) -> dict:
    """What the event page shows; moderators' previews render the same partial with it."""
    title, title_lang = localized_with_language(event, "title")
    offset_hours = int(local_time(event.starts_at).utcoffset().total_seconds() // 3600)
    return dict(
        event=event,
        title=title,
        title_lang=title_lang,
        is_public=event.is_public,
        starts=local_time(event.starts_at),
        ends=local_time(event.ends_at),
        utc_offset=f"{offset_hours:+d}",
        capacity=format_number(event.capacity) if event.capacity else None,
        online_url=web_url(event.online_url),
        registration_url=web_url(event.registration_url),
        canonical_url=external_event_url(event),
        jsonld=json_script(event_jsonld(event)),
        **LABELS,
    )


def _calendar_response(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/events/<id:event_id>-<slug>.ics")
def ics(event_id: int, slug: str):
    event = _viewable_event(event_id)
    if slug != event_slug(event):
        return redirect(event_url(event, "events.ics"), code=301)
    return _calendar_response(build_calendar([event], event.title), f"event-{event.id}.ics")


def _feed_title(filters: EventFilter, association: Association | None) -> str:
    """The feed's name says what was chosen, so two subscriptions can be told apart."""
    parts = [task_label(task) for task in all_tasks() if task.number in filters.tasks]
    if association:
        parts.append(association.name)
    title = gettext("Events of ethnocultural associations")
    return f"{title}: {'; '.join(parts)}" if parts else title


@bp.get("/events.ics")
def feed_ics():
    filters, association = _filters()
    return _calendar_response(
        build_calendar(feed_events(filters), _feed_title(filters, association))
    )


@bp.get("/events.atom")
def feed_atom():
    filters, association = _filters()
    args = filters.args(page=1)
    body = build_atom(
        feed_events(filters),
        title=_feed_title(filters, association),
        self_url=external_url("events.feed_atom", **args),
        html_url=external_url("events.index", **args),
    )
    return Response(body, content_type="application/atom+xml; charset=utf-8")
