"""Subscriptions: the list's events as an iCalendar file and as an Atom 1.0 feed.

Identifiers never depend on the page language, so a subscriber who switches from the Kazakh to
the English feed keeps the same events in the calendar instead of getting duplicates.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar

from flask import current_app
from flask_babel import gettext
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from app.characters import printable
from app.config import DISPLAY_TIMEZONE
from app.dates import in_supported_years
from app.db import utcnow
from app.events.models import Event, EventStatus
from app.events.presentation import (
    external_event_url,
    local_time,
    place_text,
    plain_text,
    task_label,
    web_url,
)
from app.i18n import current_language, date_long, localized, time_short
from app.templating import markdown
from app.urls import base_host

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The date in tag: URIs (RFC 4151) only says since when the host names things this way.
TAG_DATE = "2026"

Part = TypeVar("Part")


def event_uid(event: Event) -> str:
    """The same in every language and feed, so calendars update the event instead of adding it;
    and whatever Host the request named, so a forged one cannot make a second copy."""
    return f"event-{event.id}@{base_host()}"


def _description(event: Event, url: str) -> str:
    parts = [plain_text(localized(event, "description"))]
    if web_url(event.online_url):
        parts.append(f"{gettext('Online')}: {event.online_url}")
    if web_url(event.registration_url):
        parts.append(f"{gettext('Registration')}: {event.registration_url}")
    parts.append(url)
    return "\n\n".join(part for part in parts if part)


def _publishable(
    events: Sequence[Event], build: Callable[[Event], Part]
) -> list[tuple[Event, Part]]:
    """Each event with its part of the feed, leaving out (and logging) any that cannot be
    written: one stored row no form would accept today never takes a whole feed down."""
    parts = []
    for event in events:
        times = (event.starts_at, event.ends_at)
        if not all(value is not None and in_supported_years(value) for value in times):
            current_app.logger.warning(
                "Event %s left out of a feed: its times %s to %s are outside the supported years",
                event.id,
                *times,
            )
            continue
        try:
            parts.append((event, build(event)))
        except Exception:
            current_app.logger.exception(
                "Event %s left out of a feed: it cannot be written", event.id
            )
    return parts


def _vevent(event: Event) -> CalendarEvent:
    url = external_event_url(event)
    vevent = CalendarEvent()
    vevent.add("uid", event_uid(event))
    # A published calendar has no METHOD, so DTSTAMP means "last revised" (RFC 5545 3.8.7.2).
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", local_time(event.starts_at))
    vevent.add("dtend", local_time(event.ends_at))
    vevent.add("summary", printable(event.title))
    vevent.add("description", printable(_description(event, url)))
    location = place_text(event)
    if location:
        vevent.add("location", printable(location))
    vevent.add("url", url)
    if event.task:
        vevent.add("categories", [printable(task_label(event.task))])
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return vevent


def _timezone(events: Sequence[Event]) -> Timezone:
    # Only the years the events need: the full history of the zone would triple the file.
    first = min((e.starts_at.date() for e in events), default=utcnow().date()) - timedelta(days=1)
    last = max((e.ends_at.date() for e in events), default=first) + timedelta(days=366)
    return _timezone_for_years(first.year, last.year)


@lru_cache(maxsize=16)
def _timezone_for_years(first_year: int, last_year: int) -> Timezone:
    """Building a VTIMEZONE walks the zone's transitions: do it once per span of years."""
    return Timezone.from_tzid(
        DISPLAY_TIMEZONE, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def build_calendar(events: Sequence[Event], name: str) -> bytes:
    """A VCALENDAR with its VTIMEZONE and one VEVENT per event, times in Almaty wall time."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{base_host()}//Assembly events//{current_language().upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", printable(name))
    calendar.add("x-wr-timezone", DISPLAY_TIMEZONE)
    parts = _publishable(events, _vevent)
    calendar.add_component(_timezone([event for event, _ in parts]))
    for _, vevent in parts:
        calendar.add_component(vevent)
    return calendar.to_ical()


def rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    """A child element; its text and attributes keep only characters XML 1.0 allows, which
    ElementTree does not check."""
    element = ET.SubElement(
        parent, f"{{{ATOM}}}{tag}", {name: printable(value) for name, value in attributes.items()}
    )
    element.text = printable(text) if text is not None else None
    return element


def _entry(event: Event) -> tuple[ET.Element, datetime]:
    """An entry, not yet in the feed, and when it was last updated."""
    url = external_event_url(event)
    updated = max(filter(None, (event.updated_at, event.approved_at)))
    entry = ET.Element(f"{{{ATOM}}}entry")
    _sub(entry, "id", f"tag:{base_host()},{TAG_DATE}:event-{event.id}")
    title = event.title
    if event.status == EventStatus.CANCELLED:
        title = f"{gettext('Cancelled')}: {title}"
    _sub(entry, "title", title)
    _sub(entry, "updated", rfc3339(updated))
    _sub(entry, "published", rfc3339(event.approved_at or event.created_at))
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    author = _sub(entry, "author")
    _sub(author, "name", event.association.name)
    when = f"{date_long(event.starts_at)}, {time_short(event.starts_at)}"
    _sub(entry, "summary", " · ".join(filter(None, (when, place_text(event)))))
    description = localized(event, "description")
    if description:
        _sub(entry, "content", str(markdown(description)), type="html")
    if event.task:
        _sub(entry, "category", term=str(event.task.number), label=task_label(event.task))
    return entry, updated


def build_atom(events: Sequence[Event], title: str, self_url: str, html_url: str) -> bytes:
    """An Atom 1.0 feed: one id, title and updated; each entry with id, title, updated, link."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: current_language()})
    _sub(feed, "id", self_url)
    _sub(feed, "title", title)
    updated = _sub(feed, "updated")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=html_url)
    author = _sub(feed, "author")
    _sub(author, "name", gettext("Assembly of the People of Kazakhstan"))
    parts = _publishable(events, _entry)
    for _, (entry, _) in parts:
        feed.append(entry)
    updated.text = rfc3339(max((when for _, (_, when) in parts), default=utcnow()))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
