"""With JavaScript on, an htmx request that ends in an error shows it to the user, in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.auth.models import Role
from app.extensions import db
from tests.browser.accessibility import axe_violations
from tests.browser.conftest import log_in
from tests.conftest import log_in as log_in_client
from tests.factories import make_account, make_association


@pytest.fixture
def review(app):
    """Two moderators and an association waiting for them; the path of its review page."""
    with app.app_context():
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        make_account(email="other@example.kz", role=Role.MODERATOR)
        pending = make_association(status="pending", slug="pending")
        db.session.commit()
        return {"path": f"/en/moderation/association/{pending.id}", "version": pending.version}


@pytest.fixture
def failed_htmx_answers(page):
    """Every answer of 400 or more to an htmx request, as (status, path)."""
    failed = []

    def note(response):
        if response.status >= 400 and response.request.headers.get("hx-request"):
            failed.append((response.status, re.sub(r"^https?://[^/]+", "", response.url)))

    page.on("response", note)
    return failed


def test_a_decision_that_lost_the_race_shows_the_conflict_in_place(
    app, page, review, failed_htmx_answers
):
    log_in(page, "mod@example.kz")
    page.goto(review["path"])
    page.evaluate("window.notReloaded = true")
    other = app.test_client()
    log_in_client(other, "other@example.kz")
    other.post(f"{review['path']}/decide", data={"action": "approve", "version": review["version"]})

    page.locator("#decision button[value=approve]").click()

    decision = page.locator("#decision")
    expect(decision).to_contain_text("Someone decided on this item while you were looking at it")
    expect(decision).to_contain_text("other@example.kz")
    expect(page.locator("#decision")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)  # not a page inside the page
    assert page.evaluate("window.notReloaded") is True
    assert failed_htmx_answers == [(409, f"{review['path']}/decide")]
    assert axe_violations(page) == []


def test_an_expired_form_sent_through_htmx_says_so_in_the_alert_region(
    app, page, review, failed_htmx_answers, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    log_in(page, "mod@example.kz")
    page.goto(review["path"])
    page.evaluate("document.querySelector('#decision [name=csrf_token]').value = 'stale'")

    page.locator("#decision button[value=approve]").click()

    alert = page.locator("#htmx-error[role=alert]")
    expect(alert).to_contain_text("The form has expired")
    expect(alert).to_be_visible()
    expect(page.locator("#decision form")).to_be_visible()  # the form stays, to send again
    expect(page).to_have_url(re.compile(re.escape(review["path"]) + "$"))
    assert failed_htmx_answers == [(400, f"{review['path']}/decide")]
    assert axe_violations(page) == []


def test_a_request_that_never_reaches_the_site_says_so(page, review, failed_htmx_answers):
    log_in(page, "mod@example.kz")
    page.goto(review["path"])
    page.route("**/decide", lambda route: route.abort())

    page.locator("#decision button[value=approve]").click()

    expect(page.locator("#htmx-error")).to_contain_text("The site could not be reached")
    assert failed_htmx_answers == []
