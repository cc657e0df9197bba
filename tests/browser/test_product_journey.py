"""The whole product in one journey, in real browsers: from sign-up to a visitor's calendar."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from app.auth.models import Role
from app.extensions import db
from tests.factories import make_account


def newest_link(outbox, pattern: str) -> str:
    newest = max(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    body = email.message_from_bytes(newest.read_bytes()).get_payload(decode=True).decode()
    return re.search(pattern, body).group(0)


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    return context.new_page()


def decide(moderator, action: str, reason: str | None = None):
    """Press the decision button and wait until the decision is saved (the next item shows)."""
    if reason:
        moderator.fill("#reason", reason)
    moderator.locator(f"#decision button[value={action}]").click()
    expect(moderator.locator(".flash--success")).to_be_visible()


def test_from_sign_up_to_a_visitors_calendar(app, browser, live_server, outbox):
    with app.app_context():
        make_account(
            email="moderator@example.kz", password="moderator password", role=Role.MODERATOR
        )
        db.session.commit()
    start = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d")

    # An association signs up and confirms its e-mail address.
    volunteer = new_page(browser, live_server)
    volunteer.goto("/en/auth/register")
    volunteer.fill("#email", "volunteer@example.kz")
    volunteer.fill("#password", "volunteer password")
    volunteer.fill("#confirm", "volunteer password")
    volunteer.fill("#name_ru", "Общество польской культуры «Полония»")
    volunteer.select_option("#community_id", label="Poles")
    volunteer.select_option("#region_id", label="Karaganda Region")
    volunteer.fill("#locality", "Karaganda")
    volunteer.select_option("#level", value="regional")
    volunteer.select_option("#legal_form", value="public_association")
    volunteer.check("#focus_tasks-5")
    volunteer.locator("main form button[type=submit]").last.click()
    volunteer.goto(
        newest_link(outbox, r"http://\S+/auth/confirm/\S+").replace("http://localhost", live_server)
    )
    volunteer.fill("#email", "volunteer@example.kz")
    volunteer.fill("#password", "volunteer password")
    volunteer.locator("main form button[type=submit]").first.click()
    expect(volunteer).to_have_url(re.compile(r"/dashboard$"))

    # A moderator approves it from the queue.
    moderator = new_page(browser, live_server)
    moderator.goto("/en/auth/login")
    moderator.fill("#email", "moderator@example.kz")
    moderator.fill("#password", "moderator password")
    moderator.locator("main form button[type=submit]").first.click()
    expect(moderator).to_have_url(re.compile(r"/en/moderation$"))
    moderator.get_by_role("link", name=re.compile("Полония")).click()
    decide(moderator, "approve")

    # The association submits an event for task 6.
    volunteer.goto("/en/dashboard/events/new")
    volunteer.fill("#title_ru", "Вечер польской песни")
    volunteer.check("#task_number-5")
    volunteer.fill("#starts_at", f"{start}T18:00")
    volunteer.fill("#ends_at", f"{start}T20:00")
    volunteer.select_option("#region_id", label="Karaganda Region")
    volunteer.fill("#locality", "Karaganda")
    volunteer.fill("#venue_address", "House of Friendship, 5 Bukhar Zhyrau Avenue")
    volunteer.check("#languages-1")
    volunteer.locator("button[value=submit]").click()
    expect(volunteer.locator(".manage-item")).to_contain_text("Waiting for review")

    # The moderator asks for changes; the association edits and sends it again.
    moderator.goto("/en/moderation?kind=event")
    moderator.get_by_role("link", name="Вечер польской песни").click()
    decide(moderator, "request_changes", "Please add the hall number.")
    volunteer.goto("/en/dashboard/events")
    expect(volunteer.locator(".manage-item")).to_contain_text("Please add the hall number.")
    volunteer.get_by_role("link", name="Edit").first.click()
    volunteer.fill("#venue_address", "House of Friendship, 5 Bukhar Zhyrau Avenue, hall 2")
    volunteer.locator("button[value=submit]").click()

    # The moderator approves it.
    moderator.goto("/en/moderation?kind=event")
    moderator.get_by_role("link", name="Вечер польской песни").click()
    expect(moderator.locator(".diff, .preview").first).to_contain_text("hall 2")
    decide(moderator, "approve")

    # A visitor filters by the task, opens the event and downloads its calendar file.
    visitor = new_page(browser, live_server)
    visitor.goto("/en/events")
    visitor.locator("input[name=task][value='6']").check()
    expect(visitor).to_have_url(re.compile(r"task=6"))
    visitor.get_by_role("link", name="Вечер польской песни").click()
    expect(visitor.locator("h1")).to_have_text("Вечер польской песни")
    with visitor.expect_download() as download_info:
        visitor.locator("a[href$='.ics']").first.click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Вечер польской песни"
    starts = vevent.decoded("DTSTART")
    assert (starts.hour, starts.minute) == (18, 0)
    assert starts.utcoffset() == timedelta(hours=5)
