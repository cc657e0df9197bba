"""Feeds stay valid whatever was stored: a row no form would accept today is cleaned or left out
(and logged), never the cause of an error. Rows are changed in the database directly, as a
legacy row or another program would have left them."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import update

from app.events import feeds
from app.events.models import Event
from app.extensions import db
from tests.factories import make_association, make_event

ATOM = "{http://www.w3.org/2005/Atom}"
# Soon, so within the feeds' horizon.
STARTS = (datetime.now(UTC) + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
# C0 and C1 controls, DEL and a non-character: none belongs in XML or iCalendar text.
DIRTY_TITLE = "Той\x01\x0b\x1b кеші\x7f\x85\ufffe"
CLEAN_TITLE = "Той кеші"


@pytest.fixture
def stored(app):
    """Ids of a sound event and one to spoil: both approved, of the same association."""
    with app.app_context():
        association = make_association(slug="koreans")
        sound = make_event(association, STARTS, slug="sound", title_en="Sound")
        spoilt = make_event(association, STARTS, slug="spoilt", title_en="Spoilt")
        db.session.commit()
        return {"sound": sound.id, "spoilt": spoilt.id}


def store(app, event_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(Event).where(Event.id == event_id).values(**values))
        db.session.commit()


def calendar_titles(response) -> list[str]:
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    assert calendar.walk("VTIMEZONE")
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


def atom_titles(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.data)
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


FAR_TIMES = [
    {"ends_at": datetime(9999, 12, 31, tzinfo=UTC)},
    {"ends_at": datetime(9999, 12, 31, 23, 59, tzinfo=UTC)},
    {"starts_at": datetime(1, 1, 1, tzinfo=UTC)},
    {"ends_at": datetime(2101, 1, 1, tzinfo=UTC)},
]


@pytest.mark.parametrize("times", FAR_TIMES)
def test_an_event_at_the_ends_of_the_calendar_is_left_out_of_every_feed_and_logged(
    app, client, stored, caplog, times
):
    store(app, stored["spoilt"], **times)
    with caplog.at_level(logging.WARNING):
        assert calendar_titles(client.get("/en/events.ics")) == ["Sound"]
        assert atom_titles(client.get("/en/events.atom")) == ["Sound"]
        single = client.get(f"/en/events/{stored['spoilt']}-spoilt.ics")
        assert calendar_titles(single) == []
    assert f"Event {stored['spoilt']} left out of a feed" in caplog.text


def test_control_characters_stored_in_a_title_never_reach_a_feed(app, client, stored):
    store(app, stored["spoilt"], title_en=DIRTY_TITLE, description_en="Ән\x02 мен \x1fби")
    assert sorted(atom_titles(client.get("/en/events.atom"))) == sorted(["Sound", CLEAN_TITLE])
    assert sorted(calendar_titles(client.get("/en/events.ics"))) == sorted(["Sound", CLEAN_TITLE])
    single = client.get(f"/en/events/{stored['spoilt']}-spoilt.ics")
    (event,) = Calendar.from_ical(single.data).walk("VEVENT")
    assert str(event["summary"]) == CLEAN_TITLE
    assert str(event["description"]).startswith("Ән мен би")


def test_a_row_that_cannot_be_written_is_left_out_and_logged(
    app, client, stored, caplog, monkeypatch
):
    place_text = feeds.place_text

    def breaks_on_the_spoilt_event(event):
        if event.id == stored["spoilt"]:
            raise ValueError("unreadable row")
        return place_text(event)

    monkeypatch.setattr(feeds, "place_text", breaks_on_the_spoilt_event)
    assert calendar_titles(client.get("/en/events.ics")) == ["Sound"]
    assert atom_titles(client.get("/en/events.atom")) == ["Sound"]
    assert "unreadable row" in caplog.text
    assert f"Event {stored['spoilt']} left out of a feed" in caplog.text


@pytest.mark.parametrize(
    "query", ["to=9999-12-31", "from=0001-01-01", "from=1999-12-31", "to=2101-01-01"]
)
def test_feeds_ignore_dates_outside_the_supported_years(client, stored, query):
    assert sorted(calendar_titles(client.get(f"/en/events.ics?{query}"))) == ["Sound", "Spoilt"]
    assert sorted(atom_titles(client.get(f"/en/events.atom?{query}"))) == ["Sound", "Spoilt"]
