"""How an event describes itself to machines: schema.org JSON-LD, and the shared plain texts.

Feeds and the page's structured data say the same things in the same words; the helpers here
are the one place those words are made.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

import nh3
from flask import url_for
from flask_babel import gettext
from markupsafe import Markup

from app.events.filters import LOCAL_ZONE
from app.events.models import Event, EventFormat, EventStatus
from app.i18n import localized
from app.reference.models import StatutoryTask
from app.templating import markdown

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    EventFormat.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    EventFormat.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
HELD_IN = ("kk", "ru", "en")


def local_time(value: datetime) -> datetime:
    """A stored UTC time as Almaty wall time, offset attached (+05:00)."""
    return value.astimezone(LOCAL_ZONE)


def event_slug(event: Event) -> str:
    # The route needs a non-empty slug; an event saved without one still gets a page.
    return event.slug or "event"


def event_url(event: Event, endpoint: str = "events.detail", **values: Any) -> str:
    """The event's canonical address (its page, or its .ics with ``endpoint``)."""
    return url_for(endpoint, event_id=event.id, slug=event_slug(event), **values)


def web_url(value: str | None) -> str | None:
    """A link the organisers gave, only if it is http(s): never a javascript: or data: URL."""
    return value if value and value.lower().startswith(("https://", "http://")) else None


def plain_text(markdown_text: str | None) -> str:
    """The author's Markdown as plain text: rendered, sanitised, then stripped of tags."""
    text = html.unescape(nh3.clean(str(markdown(markdown_text)), tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def task_label(task: StatutoryTask) -> str:
    return f"{gettext('Task %(number)s', number=task.number)}: {task.short}"


def place_text(event: Event) -> str:
    """Where it happens, in one line: venue, locality, region; "Online" when nowhere else."""
    parts = []
    if event.format != EventFormat.ONLINE:
        parts = [event.venue_address, event.locality, event.region.name if event.region else None]
    if event.format != EventFormat.IN_PERSON:
        parts.append(gettext("Online"))
    # A city of republican significance is both the region and the locality: name it once.
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _location(event: Event) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if event.format != EventFormat.ONLINE:
        address = {
            "@type": "PostalAddress",
            "streetAddress": event.venue_address,
            "addressLocality": event.locality,
            "addressRegion": event.region.name if event.region else None,
            "addressCountry": "KZ",
        }
        places.append(
            {
                "@type": "Place",
                "name": event.venue_address or event.locality,
                "address": {k: v for k, v in address.items() if v},
            }
        )
    if event.format != EventFormat.IN_PERSON and web_url(event.online_url):
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    return places


def event_jsonld(event: Event) -> dict[str, Any]:
    """A schema.org Event: when, where, who organises it, and which statutory task it serves."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": plain_text(localized(event, "description")) or None,
        "url": event_url(event, _external=True),
        "startDate": local_time(event.starts_at).isoformat(timespec="seconds"),
        "endDate": local_time(event.ends_at).isoformat(timespec="seconds"),
        "eventStatus": SCHEMA
        + ("EventCancelled" if event.status == EventStatus.CANCELLED else "EventScheduled"),
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format),
        "location": _location(event) or None,
        "inLanguage": [code for code in HELD_IN if getattr(event, f"held_in_{code}")] or None,
        "maximumAttendeeCapacity": event.capacity,
        "organizer": {
            "@type": "Organization",
            "name": event.association.name,
            "url": url_for("associations.detail", slug=event.association.slug, _external=True),
        },
    }
    if event.task:
        data["about"] = {
            "@type": "DefinedTerm",
            "termCode": str(event.task.number),
            "name": task_label(event.task),
            "description": event.task.text,
            "inDefinedTermSet": url_for("mandate.tasks", _external=True),
            "url": url_for("mandate.task", number=event.task.number, _external=True),
        }
    return {key: value for key, value in data.items() if value is not None}


def json_script(data: dict[str, Any]) -> Markup:
    """JSON safe inside a <script> data block: no "<", ">" or "&" can end it or open a tag."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)
