"""A visitor reads the mandate in a real browser, in three languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import axe_violations
from tests.mandate.test_pages import LANGUAGES, PAGES


def test_home_page_renders_with_the_six_tasks(page, screenshot):
    page.goto("/kk/")
    expect(page).to_have_title(re.compile("Қазақстан халқы Ассамблеясы"))
    expect(page.locator(".task-card")).to_have_count(6)
    screenshot("home-kk-phone")


def test_language_switcher_keeps_the_page(page):
    page.goto("/kk/tasks/4")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/tasks/4$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Политико-правовая культура")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/tasks/4$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))


def test_skip_link_moves_focus_to_the_content(page):
    page.goto("/en/mandate")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    skip.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mandate_pages_have_no_accessibility_violations(page, lang):
    failures = {}
    for path in (*PAGES, "/no-such-page"):
        page.goto(f"/{lang}{path}")
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    assert failures == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_do_not_scroll_sideways(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for lang in LANGUAGES:
        for path in ("/", "/mandate", "/tasks/1"):
            page.goto(f"/{lang}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"/{lang}{path} scrolls sideways by {overflow}px at {width}px"
