"""How an event is shown: its address, local times, plain texts and place line.

Pages, feeds and the structured data say the same things in the same words; the helpers here
are the one place those words are made.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

import nh3
from flask import url_for
from flask_babel import gettext

from app.config import LOCAL_ZONE
from app.events.models import Event
from app.reference.models import StatutoryTask
from app.templating import markdown
from app.urls import external_url, is_web_url


def local_time(value: datetime) -> datetime:
    """A stored UTC time as Almaty wall time, offset attached (+05:00)."""
    return value.astimezone(LOCAL_ZONE)


def event_slug(event: Event) -> str:
    # The route needs a non-empty slug; an event saved without one still gets a page.
    return event.slug or "event"


def event_url(event: Event, endpoint: str = "events.detail", **values: Any) -> str:
    """The event's canonical address (its page, or its .ics with ``endpoint``)."""
    return url_for(endpoint, event_id=event.id, slug=event_slug(event), **values)


def external_event_url(event: Event, endpoint: str = "events.detail", **values: Any) -> str:
    """The same address as an absolute link, for feeds, structured data and the canonical link."""
    return external_url(endpoint, event_id=event.id, slug=event_slug(event), **values)


def web_url(value: str | None) -> str | None:
    """A link the organisers gave, only if it is http(s): never a javascript: or data: URL."""
    return value if value and is_web_url(value) else None


def plain_text(markdown_text: str | None) -> str:
    """The author's Markdown as plain text: rendered, sanitised, then stripped of tags."""
    text = html.unescape(nh3.clean(str(markdown(markdown_text)), tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def task_label(task: StatutoryTask) -> str:
    return f"{gettext('Task %(number)s', number=task.number)}: {task.short}"


def place_text(event: Event, with_venue: bool = True, online: bool = True) -> str:
    """Where it happens, in one line: venue, locality, region, then "Online" if also there."""
    parts = []
    if event.takes_place_in_person:
        region = event.region.name if event.region else None
        parts = [event.venue_address if with_venue else None, event.locality, region]
    if online and event.takes_place_online:
        parts.append(gettext("Online"))
    # A city of republican significance is both the region and the locality: name it once.
    return ", ".join(dict.fromkeys(part for part in parts if part))
