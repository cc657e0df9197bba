"""A visitor filters the events in a real browser, with and without JavaScript."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app.db import utcnow
from app.extensions import db
from tests.browser.accessibility import axe_violations
from tests.factories import make_association, make_event, region


@pytest.fixture
def events(app):
    """Three upcoming events (tasks 2, 6 and 6) and the path of the first one's page."""
    with app.app_context():
        almaty = make_association(slug="almaty-koreans")
        astana = make_association(slug="astana-germans", region=region("KZ-71"))
        first = make_event(
            almaty, utcnow() + timedelta(days=2), slug="language-club", task_number=2,
            title_kk="Тіл клубы", title_ru="Языковой клуб", title_en="Language club",
            description_kk="Апта сайын **қазақ тілі** сабағы.", capacity=40,
            has_step_free_access=True, format="hybrid", online_url="https://meet.example.kz/a",
        )  # fmt: skip
        make_event(almaty, utcnow() + timedelta(days=3), title_kk="Кимчи фестивалі")
        make_event(
            astana, utcnow() + timedelta(days=4), title_kk="Неміс әндері",
            region=region("KZ-71"), locality="Астана",
        )  # fmt: skip
        make_event(
            astana, datetime(2031, 5, 12, 13, 0, tzinfo=UTC), title_kk="Өтпейтін кеш",
            status="cancelled",
        )  # fmt: skip
        db.session.commit()
        return f"/events/{first.id}-language-club"


def test_ticking_a_task_updates_the_list_and_the_url_without_reloading(page, events):
    page.goto("/kk/events")
    expect(page.locator(".event-card")).to_have_count(4)
    page.evaluate("window.__notReloaded = true")
    page.locator("#filter-task-2").click()
    expect(page).to_have_url(re.compile(r"/kk/events\?task=2$"))
    expect(page.locator(".event-card")).to_have_count(1)
    expect(page.locator(".event-card")).to_contain_text("Тіл клубы")
    assert page.evaluate("window.__notReloaded") is True
    expect(page.locator("#filter-task-2")).to_be_checked()


def test_task_counts_follow_the_other_filters_in_place(page, events):
    page.goto("/kk/events")
    expect(page.locator("#task-count-6")).to_have_text("(3)")
    page.evaluate("window.__notReloaded = true")
    page.select_option("#filter-region", value="KZ-71")
    expect(page).to_have_url(re.compile(r"region=KZ-71"))
    expect(page.locator("#task-count-6")).to_have_text("(2)")
    expect(page.locator("#task-count-2")).to_have_text("(0)")
    expect(page.locator(".event-card")).to_have_count(2)
    assert page.evaluate("window.__notReloaded") is True


def test_search_updates_the_list_as_one_types(page, events):
    page.goto("/en/events")
    page.locator("#filter-q").press_sequentially("кимчи")
    expect(page.locator(".event-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=%D0%BA%D0%B8%D0%BC%D1%87%D0%B8|q=кимчи"))


def test_filters_work_without_javascript(page_without_javascript, events):
    page = page_without_javascript
    page.goto("/kk/events")
    page.check("#filter-task-6")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"task=6"))
    expect(page.locator(".event-card")).to_have_count(3)
    expect(page.locator("#filter-task-6")).to_be_checked()


def test_event_page_offers_the_calendar_file(page, events):
    page.goto(f"/en{events}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Language club")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    assert download.value.suggested_filename.endswith(".ics")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_event_pages_have_no_accessibility_violations(page, events, lang, screenshot):
    failures = {}
    for path in (
        "/events",
        "/events?task=6&region=KZ-75&access=step_free&format=in_person",
        "/events?region=KZ-71&task=2",
        events,
    ):
        page.goto(f"/{lang}{path}")
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    page.goto(f"/{lang}/events?task=6")
    screenshot(f"events-list-{lang}-phone")
    page.goto(f"/{lang}{events}")
    screenshot(f"event-page-{lang}-phone")
    assert failures == {}
