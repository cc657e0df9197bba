"""An association signs up, confirms its e-mail and logs in, in Kazakh, in a real browser."""

from __future__ import annotations

import email
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.accessibility import axe_violations
from tests.factories import make_account, make_association


def confirmation_link(outbox: Path) -> str:
    (path,) = outbox.glob("*.eml")
    body = email.message_from_bytes(path.read_bytes()).get_payload(decode=True).decode()
    return re.search(r"http://\S+/kk/auth/confirm/\S+", body).group(0)


def test_sign_up_confirm_and_log_in_in_kazakh(page, outbox, live_server, screenshot):
    page.goto("/kk/")
    page.get_by_role("link", name="Бірлестікті тіркеу").click()
    expect(page).to_have_url(re.compile(r"/kk/auth/register$"))

    page.fill("#email", "tor@example.kz")
    page.fill("#password", "құпия сөз 2026")
    page.fill("#confirm", "құпия сөз 2026")
    page.fill("#name_kk", "Ақмола корейлерінің этномәдени бірлестігі")
    page.select_option("#community_id", label="Корейлер")
    page.select_option("#region_id", label="Ақмола облысы")
    page.fill("#locality", "Көкшетау")
    page.select_option("#level", value="regional")
    page.select_option("#legal_form", value="public_association")
    page.check("#focus_tasks-5")
    page.check("#focus_tasks-1")
    page.get_by_role("button", name="Тіркелу").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Электрондық поштаңызды тексеріңіз")
    link = confirmation_link(outbox).replace("http://localhost", live_server)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/kk/auth/login$"))

    page.fill("#email", "tor@example.kz")
    page.fill("#password", "құпия сөз 2026")
    page.get_by_role("button", name="Кіру").click()
    expect(page).to_have_url(re.compile(r"/kk/dashboard$"))
    expect(page.locator(".status-card")).to_contain_text("Бекітуді күтуде")
    screenshot("dashboard-pending-kk-phone")


def test_registration_errors_are_shown_next_to_fields(page):
    page.goto("/ru/auth/register")
    page.fill("#locality", "Уральск")
    page.fill("#bin", "940140000386")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#bin-error")).to_contain_text("Это неверный БИН")
    expect(page.locator("#focus_tasks-error")).to_be_visible()
    expect(page.locator("#locality")).to_have_value("Уральск")
    expect(page.locator("#bin")).to_have_attribute("aria-invalid", "true")


def test_directory_filter_updates_in_place_and_pushes_the_url(app, page):
    with app.app_context():
        make_association(name_kk="Бірінші бірлестік", focus=(2,), slug="first")
        make_association(name_kk="Екінші бірлестік", focus=(6,), slug="second")
        db.session.commit()
    page.goto("/kk/associations")
    page.evaluate("window.__notReloaded = true")
    page.select_option("#filter-task", value="2")
    expect(page).to_have_url(re.compile(r"/kk/associations\?.*task=2"))
    expect(page.locator(".association-card")).to_have_count(1)
    expect(page.locator(".association-card")).to_contain_text("Бірінші бірлестік")
    assert page.evaluate("window.__notReloaded") is True


def test_directory_filter_works_without_javascript(app, page_without_javascript):
    page = page_without_javascript
    with app.app_context():
        make_association(name_kk="Бірінші бірлестік", focus=(2,), slug="first")
        make_association(name_kk="Екінші бірлестік", focus=(6,), slug="second")
        db.session.commit()
    page.goto("/kk/associations")
    page.select_option("#filter-task", value="6")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"task=6"))
    expect(page.locator(".association-card")).to_have_count(1)
    expect(page.locator(".association-card")).to_contain_text("Екінші бірлестік")


ASSOCIATION_PAGES = [
    "/associations",
    "/associations/koreans",
    "/auth/register",
    "/auth/login",
    "/auth/reset",
    "/dashboard",
    "/dashboard/profile",
    "/auth/password",
]


@pytest.fixture
def logged_in_member(app, page):
    with app.app_context():
        association = make_association(slug="koreans", description_kk="**Мәдениет** орталығы")
        make_account(email="member@example.kz", association=association)
        db.session.commit()
    page.goto("/kk/auth/login")
    page.fill("#email", "member@example.kz")
    page.fill("#password", "correct horse battery")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/kk/dashboard$"))
    return page


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_association_pages_have_no_accessibility_violations(logged_in_member, lang):
    page = logged_in_member
    failures = {}
    for path in ASSOCIATION_PAGES:
        page.goto(f"/{lang}{path}")
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    # The sign-up form with every error showing.
    page.context.clear_cookies()
    page.goto(f"/{lang}/auth/register")
    page.locator("main form button[type=submit]").last.click()
    violations = axe_violations(page)
    if violations:
        failures["register with errors"] = violations
    assert failures == {}
