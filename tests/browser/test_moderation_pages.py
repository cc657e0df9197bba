"""Moderation and event-management pages pass axe-core in every language, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import axe_violations
from tests.browser.conftest import log_in
from tests.moderation.pages import MEMBER_PAGES, build_pages_world


@pytest.fixture
def pages(app):
    with app.app_context():
        return build_pages_world()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_moderation_pages_have_no_accessibility_violations(page, pages, lang):
    log_in(page, "admin@example.kz")
    failures = {}
    for name, path in pages.items():
        page.goto(f"/{lang}{path}")
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
    # A decision without its reason: the error shows in place, through htmx.
    page.goto(f"/{lang}{pages['event']}")
    page.locator("#decision button[value=reject]").click()
    expect(page.locator("#reason-error")).to_be_visible()
    if violations := axe_violations(page):
        failures["decision error"] = violations
    assert failures == {}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_event_management_pages_have_no_accessibility_violations(page, pages, lang):
    log_in(page, "member@example.kz")
    failures = {}
    for path in MEMBER_PAGES:
        page.goto(f"/{lang}{path}")
        if violations := axe_violations(page):
            failures[path] = violations
    page.goto(f"/{lang}/dashboard/events/new")
    page.locator("button[value=submit]").click()
    if violations := axe_violations(page):
        failures["event form with errors"] = violations
    assert failures == {}


def test_a_moderator_clears_items_with_the_keyboard(page, pages):
    log_in(page, "mod@example.kz")
    page.goto(f"/en{pages['event']}")
    page.locator("#reason").focus()
    page.keyboard.type("Мекенжайды толық жазыңыз")
    page.keyboard.press("Tab")  # to the first decision button: approve
    page.keyboard.press("Tab")  # request changes
    expect(page.locator("#decision button[value=request_changes]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".flash--success")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/en/moderation/"))
    assert not page.url.endswith(pages["event"])  # the next item, not the one decided
