"""Calendar and Atom subscriptions: valid documents, right times, stable identifiers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from app.db import utcnow
from app.extensions import db
from tests.factories import make_association, make_event

ATOM = "{http://www.w3.org/2005/Atom}"
# 18:00 in Almaty, soon enough to be within the feeds' horizon.
STARTS = datetime.combine(date.today() + timedelta(days=30), time(13, 0), UTC)
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def events(app):
    """Ids of: an 18:00 evening (task 6), a cancelled one (task 2), and hidden ones."""
    with app.app_context():
        association = make_association(slug="koreans")
        evening = make_event(
            association, STARTS, slug="evening", title_en="Evening", task_number=6, sequence=3,
            description_en="Songs & **dances**", registration_url="https://forms.example.kz/e",
        )  # fmt: skip
        cancelled = make_event(
            association, STARTS + timedelta(days=1), slug="gone", title_en="Gone",
            task_number=2, status="cancelled", sequence=1,
        )  # fmt: skip
        make_event(association, STARTS, title_en="Draft", status="draft")
        make_event(make_association(status="suspended"), STARTS, title_en="Suspended")
        make_event(association, utcnow() - timedelta(days=3), title_en="Over")
        db.session.commit()
        return {"evening": evening.id, "cancelled": cancelled.id}


def vevents(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.data)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_calendar_feed_lists_the_public_upcoming_events(client, events):
    response = client.get("/en/events.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert set(vevents(response)) == {"Evening", "Gone"}


def test_calendar_has_the_required_properties_and_the_almaty_zone(client, events):
    calendar = Calendar.from_ical(client.get("/en/events.ics").data)
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    assert str(calendar["calscale"]) == "GREGORIAN"
    assert str(calendar["x-wr-calname"]) == "Events of ethnocultural associations"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Almaty"


def test_an_evening_at_six_in_almaty_is_at_six_in_the_calendar(client, events):
    evening = vevents(client.get("/en/events.ics"))["Evening"]
    start = evening.decoded("dtstart")
    assert start == STARTS
    assert start.astimezone(ZoneInfo("Asia/Almaty")).hour == 18
    assert evening["dtstart"].params["TZID"] == "Asia/Almaty"
    assert start.replace(tzinfo=None) == datetime.combine(STARTS.date(), time(18, 0))
    assert evening.decoded("dtend") == STARTS + timedelta(hours=2)


def test_each_event_carries_sequence_status_category_url_and_description(client, events):
    found = vevents(client.get("/en/events.ics"))
    evening, gone = found["Evening"], found["Gone"]
    assert evening.decoded("sequence") == 3
    assert gone.decoded("sequence") == 1
    assert str(evening["status"]) == "CONFIRMED"
    assert str(gone["status"]) == "CANCELLED"
    assert [str(c) for c in evening["categories"].cats] == [
        "Task 6: Culture, languages and traditions"
    ]
    url = f"http://localhost/en/events/{events['evening']}-evening"
    assert str(evening["url"]) == url
    description = str(evening["description"])
    assert description.startswith("Songs & dances")
    assert url in description and "https://forms.example.kz/e" in description
    assert str(evening["location"]) == "Абай даңғылы, 1, Алматы, Almaty"
    assert evening.decoded("dtstamp").tzinfo is not None


def test_uid_is_the_same_in_every_language(client, events):
    kk = {
        str(e["url"]).split("/")[-1]: str(e["uid"])
        for e in vevents(client.get("/kk/events.ics")).values()
    }
    en = {
        str(e["url"]).split("/")[-1]: str(e["uid"])
        for e in vevents(client.get("/en/events.ics")).values()
    }
    assert kk == en
    assert f"event-{events['evening']}@localhost" in kk.values()


def test_calendar_feed_takes_the_list_filters(client, events):
    assert set(vevents(client.get("/en/events.ics?task=2"))) == {"Gone"}
    assert set(vevents(client.get("/en/events.ics?task=2&task=6&q=evening"))) == {"Evening"}
    assert set(vevents(client.get("/en/events.ics?task=9&region=nowhere"))) == {"Evening", "Gone"}
    assert "Task 2" in str(
        Calendar.from_ical(client.get("/en/events.ics?task=2").data)["x-wr-calname"]
    )


def test_single_event_calendar_is_an_attachment(client, events):
    response = client.get(f"/en/events/{events['evening']}-evening.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="event-{events["evening"]}.ics"'
    )
    (event,) = vevents(response).values()
    assert event.decoded("dtstart") == STARTS
    assert str(event["uid"]) == f"event-{events['evening']}@localhost"


def test_single_cancelled_event_calendar_says_cancelled(client, events):
    response = client.get(f"/kk/events/{events['cancelled']}-gone.ics")
    (event,) = vevents(response).values()
    assert str(event["status"]) == "CANCELLED"
    assert event.decoded("sequence") == 1


def atom(response) -> ET.Element:
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    return root


def test_atom_feed_follows_the_atom_rules(client, events):
    root = atom(client.get("/en/events.atom"))
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{tag}")) == 1, tag
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {
        "self": "http://localhost/en/events.atom",
        "alternate": "http://localhost/en/events",
    }
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert RFC3339.match(entry.findtext(f"{ATOM}published"))
        links = entry.findall(f"{ATOM}link")
        alternates = [link for link in links if link.get("rel") == "alternate"]
        assert len(alternates) == 1


def test_atom_entries_link_to_the_page_and_carry_the_task(client, events):
    root = atom(client.get("/en/events.atom?task=6"))
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Evening"
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://localhost/en/events/{events['evening']}-evening"
    )
    category = entry.find(f"{ATOM}category")
    assert category.get("term") == "6"
    assert category.get("label") == "Task 6: Culture, languages and traditions"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>dances</strong>" in content.text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/en/events.atom?task=6"
    assert links["alternate"] == "http://localhost/en/events?task=6"


def test_atom_entry_ids_do_not_depend_on_the_language(client, events):
    def ids(lang):
        root = atom(client.get(f"/{lang}/events.atom"))
        return {e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")}

    assert (
        ids("kk")
        == ids("en")
        == {
            f"tag:localhost,2026:event-{events['evening']}",
            f"tag:localhost,2026:event-{events['cancelled']}",
        }
    )


def test_an_empty_atom_feed_is_still_valid(client, app):
    root = atom(client.get("/en/events.atom"))
    assert root.findall(f"{ATOM}entry") == []
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))


def test_an_empty_calendar_still_parses(client, app):
    calendar = Calendar.from_ical(client.get("/ru/events.ics").data)
    assert list(calendar.walk("VEVENT")) == []
