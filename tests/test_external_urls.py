"""Absolute links come from BASE_URL, never from the Host header a request names.

Anyone can send ``Host: evil.example``: a password reset asked for that way must still mail a
link to the site, and feeds, canonical and structured-data addresses must not change with it.
"""

from __future__ import annotations

import email
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from icalendar import Calendar

from app.auth.models import Role
from app.db import utcnow
from app.extensions import db
from tests.factories import make_account, make_association, make_event, registration_form

EVIL = "http://evil.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def base_url(app) -> str:
    return app.config["BASE_URL"]


def mails(outbox) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(path.read_bytes(), policy=default_policy)
        for path in sorted(outbox.glob("*.eml"))
    ]


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_content())


def log_in_at(client, host: str, email_address: str) -> None:
    """Log in through ``host``: the test client keeps cookies per host."""
    response = client.post(
        "/en/auth/login",
        data={"email": email_address, "password": "correct horse battery"},
        base_url=host,
    )
    assert response.status_code == 302


def test_password_reset_asked_through_a_forged_host_mails_a_link_to_the_site(
    app, client, outbox, base_url
):
    with app.app_context():
        make_account(email="chair@example.kz")
        db.session.commit()
    response = client.post(
        "/kk/auth/reset", data={"email": "chair@example.kz"}, base_url=EVIL, buffered=True
    )
    assert response.status_code == 302
    (message,) = mails(outbox)
    (link,) = links(message)
    assert link.startswith(f"{base_url}/kk/auth/reset/")
    assert "evil.example" not in message.as_string()


def test_sign_up_through_a_forged_host_mails_a_confirmation_link_to_the_site(
    app, client, outbox, base_url
):
    with app.app_context():
        data = registration_form()
    assert client.post("/ru/auth/register", data=data, base_url=EVIL).status_code == 200
    (message,) = mails(outbox)
    (link,) = links(message)
    assert link.startswith(f"{base_url}/ru/auth/confirm/")


def test_decision_mails_link_to_the_site_whatever_host_the_moderator_used(
    app, client, outbox, base_url
):
    with app.app_context():
        association = make_association(status="pending")
        make_account(email="chair@example.kz", association=association, locale="kk")
        event = make_event(make_association(), status="submitted")
        make_account(email="host@example.kz", association=event.association, locale="ru")
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        db.session.commit()
        items = {
            "association": (association.id, association.version),
            "event": (event.id, event.version),
        }
    log_in_at(client, EVIL, "mod@example.kz")
    for kind, (item_id, version) in items.items():
        response = client.post(
            f"/en/moderation/{kind}/{item_id}/decide",
            data={"action": "approve", "version": version},
            base_url=EVIL,
        )
        assert response.status_code == 303, kind
    found = {message["To"]: links(message) for message in mails(outbox)}
    assert found == {
        "chair@example.kz": [f"{base_url}/kk/dashboard"],
        "host@example.kz": [f"{base_url}/ru/dashboard/events#event-{items['event'][0]}"],
    }


@pytest.fixture
def event_path(app) -> str:
    with app.app_context():
        event = make_event(
            make_association(slug="koreans"), utcnow() + timedelta(days=10), slug="evening"
        )
        db.session.commit()
        return f"/en/events/{event.id}-evening"


def calendar_ids(client, host: str, path: str) -> tuple[set[str], str]:
    calendar = Calendar.from_ical(client.get(path, base_url=host).data)
    return {str(e["uid"]) for e in calendar.walk("VEVENT")}, str(calendar["prodid"])


def test_calendar_uids_are_the_same_whatever_the_host(client, event_path, base_url):
    event_id = event_path.rsplit("/", 1)[1].split("-")[0]
    for path in ("/en/events.ics", f"{event_path}.ics"):
        # The forged host first: the page cache keeps whatever the first request got.
        forged = calendar_ids(client, EVIL, path)
        assert forged == calendar_ids(client, base_url, path)
        uids, prodid = forged
        assert uids == {f"event-{event_id}@{base_url.split('://')[1]}"}
        assert "evil" not in prodid


def test_atom_ids_and_links_are_the_same_whatever_the_host(client, event_path, base_url):
    def identifiers(host: str) -> list[str]:
        feed = ET.fromstring(client.get("/en/events.atom?task=6", base_url=host).data)
        ids = [element.text for element in feed.iter(f"{ATOM}id")]
        hrefs = [element.get("href") for element in feed.iter(f"{ATOM}link")]
        return ids + hrefs

    found = identifiers(EVIL)
    assert found == identifiers(base_url)
    assert not [value for value in found if "evil" in value]
    assert f"{base_url}/en/events.atom?task=6" in found
    assert f"{base_url}{event_path}" in found


def test_event_page_canonical_and_structured_data_name_the_site(client, event_path, base_url):
    page = client.get(event_path, base_url=EVIL).text
    assert f'<link rel="canonical" href="{base_url}{event_path}">' in page
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(script.group(1))
    assert data["url"] == f"{base_url}{event_path}"
    assert data["organizer"]["url"] == f"{base_url}/en/associations/koreans"
    assert data["about"]["url"] == f"{base_url}/en/tasks/6"
    assert "evil.example" not in page


def test_subscription_links_on_the_list_name_the_site(client, event_path, base_url):
    page = client.get("/en/events?task=6", base_url=EVIL).text
    assert f"{base_url}/en/events.ics?task=6" in page
    assert f"{base_url}/en/events.atom?task=6" in page
    assert "evil.example" not in page
