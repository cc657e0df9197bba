"""The public list of events: who is visible, every filter alone and combined, htmx or not."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.associations.models import Association
from app.db import utcnow
from app.events.queries import association_events
from app.extensions import db
from tests.factories import community, make_association, make_event, region

TITLES = {"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"}
HIDDEN = {"Draft", "Submitted", "Rejected", "Returned", "Withdrawn", "Pending", "Suspended"}


def titles(page: str) -> set[str]:
    """Event titles on an English page: each is the text of a card's title link."""
    return set(re.findall(r'class="event-card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', page))


def soon(days: float, hour: int = 13) -> datetime:
    base = utcnow().replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


@pytest.fixture
def catalogue(app):
    """Eight public events that differ in one or two ways each, and hidden ones around them."""
    with app.app_context():
        koreans = make_association(slug="koreans", community=community("korean"))
        germans = make_association(
            slug="germans", community=community("german"), region=region("KZ-71")
        )
        make_event(koreans, soon(1), title_en="Alpha", task_number=6)
        make_event(koreans, soon(2), title_en="Bravo", task_number=2, held_in_ru=True)
        make_event(
            germans, soon(3), title_en="Charlie", task_number=2, region=region("KZ-71"),
            locality="Астана", held_in_kk=False, held_in_en=True,
        )  # fmt: skip
        make_event(
            germans, soon(4), title_en="Delta", task_number=4, format="online", region=None,
            locality=None, venue_address=None, online_url="https://meet.example.kz/delta",
        )  # fmt: skip
        make_event(
            koreans, soon(5), title_en="Echo", task_number=6, format="hybrid",
            has_step_free_access=True, has_sign_language=True,
            description_ru="Концерт корейской музыки",
        )  # fmt: skip
        make_event(
            koreans, soon(6), title_en="Foxtrot", task_number=1, status="cancelled",
            has_step_free_access=True, held_in_other=True,
        )  # fmt: skip
        make_event(
            germans, soon(7), title_en="Golf", task_number=3, has_simultaneous_translation=True
        )
        make_event(koreans, soon(-10), title_en="Hotel", task_number=6)  # already over
        for status, title in [
            ("draft", "Draft"), ("submitted", "Submitted"), ("rejected", "Rejected"),
            ("changes_requested", "Returned"), ("withdrawn", "Withdrawn"),
        ]:  # fmt: skip
            make_event(koreans, soon(2), title_en=title, status=status)
        make_event(make_association(status="pending"), soon(2), title_en="Pending")
        make_event(make_association(status="suspended"), soon(2), title_en="Suspended")
        db.session.commit()


def test_list_shows_upcoming_approved_and_cancelled_events_of_approved_associations(
    client, catalogue
):
    page = client.get("/en/events").text
    assert titles(page) == TITLES - {"Hotel"}
    assert "7 events" in page


def test_events_are_sorted_by_start(client, catalogue):
    page = client.get("/en/events").text
    order = re.findall(r'class="event-card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', page)
    assert order == ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]


def test_a_cancelled_event_is_shown_marked_cancelled(client, catalogue):
    page = client.get("/en/events?task=1").text
    assert titles(page) == {"Foxtrot"}
    assert "event-card--cancelled" in page
    assert 'class="status status--cancelled">Cancelled<' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("task=2", {"Bravo", "Charlie"}),
        ("task=2&task=6", {"Alpha", "Bravo", "Charlie", "Echo"}),
        ("region=KZ-71", {"Charlie", "Golf"}),
        ("format=online", {"Delta"}),
        ("format=hybrid", {"Echo"}),
        ("lang=ru", {"Bravo"}),
        ("lang=en", {"Charlie"}),
        ("lang=other", {"Foxtrot"}),
        ("association=germans", {"Charlie", "Delta", "Golf"}),
        ("community=korean", {"Alpha", "Bravo", "Echo", "Foxtrot"}),
        ("access=step_free", {"Echo", "Foxtrot"}),
        ("access=step_free&access=sign_language", {"Echo"}),
        ("access=translation", {"Golf"}),
        ("q=корейской", {"Echo"}),
        ("q=АСТАНА", {"Charlie", "Golf"}),  # Charlie's locality, Golf's region (KZ-71)
        ("q=golf", {"Golf"}),
        ("task=6&community=korean&access=step_free", {"Echo"}),
        ("task=2&region=KZ-75", {"Bravo"}),
        ("association=germans&format=online&task=4", {"Delta"}),
        ("region=KZ-71&task=6", set()),
    ],
)
def test_filters_alone_and_combined(client, catalogue, query, expected):
    assert titles(client.get(f"/en/events?{query}").text) == expected


def test_from_includes_past_events_from_that_day_on(client, catalogue):
    day = (soon(-10) + timedelta(hours=5)).date().isoformat()
    assert "Hotel" in titles(client.get(f"/en/events?from={day}").text)
    later = (soon(-9) + timedelta(hours=5)).date().isoformat()
    assert "Hotel" not in titles(client.get(f"/en/events?from={later}").text)


def test_dates_are_whole_days_in_almaty(app, client):
    with app.app_context():
        # 20:30 UTC on 12 May is 01:30 on 13 May in Almaty.
        starts = datetime(2031, 5, 12, 20, 30, tzinfo=UTC)
        make_event(starts_at=starts, ends_at=starts + timedelta(hours=1), title_en="Late")
        db.session.commit()
    assert titles(client.get("/en/events?from=2031-05-13&to=2031-05-13").text) == {"Late"}
    assert titles(client.get("/en/events?from=2031-05-12&to=2031-05-12").text) == set()
    assert titles(client.get("/en/events?to=2031-05-12").text) == set()
    assert titles(client.get("/en/events?from=2031-05-14").text) == set()


@pytest.mark.parametrize(
    "query",
    [
        "task=9", "task=abc", "task=", "task=%C2%B2", "page=%C2%B2", "page=0", "region=XX-00",
        "region=<b>", "format=boat", "lang=fr",
        "association=nobody", "association=%20", "community=martians", "access=wings",
        "from=2030-02-31", "from=tomorrow", "to=1", "page=-1", "page=zz", "page=99999999",
        "from=0001-01-01", "to=9999-12-31", "from=1999-12-31", "to=2101-01-01",
        "q=" + "x" * 500,
    ],
)  # fmt: skip
def test_unknown_or_malformed_values_are_ignored_without_error(client, catalogue, query):
    response = client.get(f"/en/events?{query}")
    assert response.status_code == 200
    if not query.startswith("q="):
        assert titles(response.text) == TITLES - {"Hotel"}


def test_a_page_past_the_end_shows_the_empty_state(client, catalogue):
    page = client.get("/en/events?page=5").text
    assert titles(page) == set()
    assert "There are no events on this page." in page
    assert 'href="/en/events">Go to the first page' in page


def test_empty_result_offers_to_clear_the_filters(client, catalogue):
    page = client.get("/en/events?region=KZ-71&task=6").text
    assert "No event matches these filters." in page
    assert 'href="/en/events">Clear the filters' in page


def test_no_events_at_all_says_so(client, app):
    page = client.get("/en/events").text
    assert "No upcoming events have been published yet." in page


def test_list_paginates_twenty_per_page(app, client):
    with app.app_context():
        association = make_association()
        for n in range(23):
            make_event(association, soon(1 + n / 24), title_en=f"Event {n:02d}")
        db.session.commit()
    first = client.get("/en/events").text
    second = client.get("/en/events?page=2").text
    assert len(titles(first)) == 20
    assert titles(second) == {"Event 20", "Event 21", "Event 22"}
    assert 'href="/en/events?page=2"' in first
    assert "23 events" in second


def test_task_counts_ignore_the_task_filter_but_respect_the_others(client, catalogue):
    page = client.get("/en/events?task=2&community=korean").text
    counts = dict(re.findall(r'id="task-count-(\d)">\((\d+)\)', page))
    assert counts == {"1": "1", "2": "1", "3": "0", "4": "0", "5": "0", "6": "2"}
    assert titles(page) == {"Bravo"}


def test_htmx_request_gets_the_results_and_fresh_counts_only(client, catalogue):
    full = client.get("/en/events?task=2")
    fragment = client.get("/en/events?task=2", headers={"HX-Request": "true"})
    assert full.text.startswith("<!DOCTYPE html>")
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert titles(fragment.text) == titles(full.text) == {"Bravo", "Charlie"}
    assert 'id="task-count-6" data-hx-swap-oob="true">(2)<' in fragment.text
    assert "data-hx-swap-oob" not in full.text
    assert "HX-Request" in full.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]


def test_htmx_pushes_the_tidy_url_without_empty_fields(client, catalogue):
    response = client.get(
        "/en/events?q=&region=&task=2&task=6&format=&from=&to=&access=step_free",
        headers={"HX-Request": "true"},
    )
    assert response.headers["HX-Push-Url"] == "/en/events?task=2&task=6&access=step_free"


def test_filter_form_works_without_javascript_and_with_htmx(client, catalogue):
    page = client.get("/kk/events?task=6").text
    assert 'method="get" action="/kk/events"' in page
    assert 'data-hx-get="/kk/events"' in page and 'data-hx-push-url="true"' in page
    assert 'data-hx-target="#results"' in page
    assert 'name="task" value="6" checked' in page
    assert '<button type="submit"' in page


def test_list_links_its_feeds_with_the_same_filters(client, catalogue):
    page = client.get("/en/events?task=6&region=KZ-75").text
    ics = "http://localhost/en/events.ics?task=6&amp;region=KZ-75"
    atom = "http://localhost/en/events.atom?task=6&amp;region=KZ-75"
    assert (
        f'<link rel="alternate" type="text/calendar" title="Calendar (iCalendar)" href="{ics}">'
        in page
    )
    assert f'type="application/atom+xml" title="News feed (Atom)" href="{atom}">' in page
    assert f'<code class="subscribe__url">{ics}</code>' in page


def test_card_shows_time_task_place_and_association_links(client, catalogue):
    page = client.get("/en/events?association=germans").text
    assert 'href="/en/tasks/4">Task 4: ' in page
    assert 'href="/en/associations/germans"' in page
    assert '<span class="event-card__region">Online</span>' in page
    assert "Events of Бірлестік" in page


def test_kazakh_list_uses_kazakh_dates(app, client):
    with app.app_context():
        make_event(starts_at=datetime(2031, 5, 12, 13, 0, tzinfo=UTC))
        db.session.commit()
    page = client.get("/kk/events").text
    assert "2031 жылғы 12 мамыр" in page
    assert "18:00" in page


def test_association_events_splits_upcoming_and_past(app, catalogue):
    with app.app_context():
        koreans = db.session.scalars(db.select(Association).filter_by(slug="koreans")).one()
        upcoming, past = association_events(koreans.id)
        assert [e.title_en for e in upcoming] == ["Alpha", "Bravo", "Echo", "Foxtrot"]
        assert [e.title_en for e in past] == ["Hotel"]
