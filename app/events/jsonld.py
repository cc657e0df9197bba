"""How an event describes itself to machines: schema.org JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from app.events.models import Event, EventFormat, EventStatus
from app.events.presentation import (
    external_event_url,
    local_time,
    plain_text,
    task_label,
    web_url,
)
from app.i18n import localized
from app.urls import external_url

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    EventFormat.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    EventFormat.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
HELD_IN = ("kk", "ru", "en")


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
        "url": external_event_url(event),
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
            "url": external_url("associations.detail", slug=event.association.slug),
        },
    }
    if event.task:
        data["about"] = {
            "@type": "DefinedTerm",
            "termCode": str(event.task.number),
            "name": task_label(event.task),
            "description": event.task.text,
            "inDefinedTermSet": external_url("mandate.tasks"),
            "url": external_url("mandate.task", number=event.task.number),
        }
    return {key: value for key, value in data.items() if value is not None}


def json_script(data: dict[str, Any]) -> Markup:
    """JSON safe inside a <script> data block: no "<", ">" or "&" can end it or open a tag."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)
