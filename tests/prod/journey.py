"""What people do on the site, as HTTP: sign up, confirm, log in, submit, decide."""

from __future__ import annotations

import email
import re
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from tests.prod.client import Client, Response


def reference_ids(engine: sa.Engine) -> tuple[int, int]:
    """A region and an ethnic community (not "other") from the reference rows."""
    with engine.connect() as connection:
        region = connection.scalar(sa.text("SELECT id FROM regions ORDER BY id LIMIT 1"))
        community = connection.scalar(
            sa.text("SELECT id FROM ethnic_communities WHERE NOT is_other ORDER BY id LIMIT 1")
        )
    return region, community


def registration_form(email_address: str, password: str, name: str, ids) -> dict:
    region, community = ids
    return {
        "email": email_address,
        "password": password,
        "confirm": password,
        "name_ru": name,
        "community_id": str(community),
        "region_id": str(region),
        "locality": "Караганда",
        "level": "regional",
        "legal_form": "public_association",
        "focus_tasks": ["6"],
    }


def event_form(title: str, ids) -> dict:
    region, _ = ids
    day = (date.today() + timedelta(days=30)).isoformat()
    return {
        "title_ru": title,
        "task_number": "6",
        "starts_at": f"{day}T18:00",
        "ends_at": f"{day}T20:00",
        "format": "in_person",
        "region_id": str(region),
        "locality": "Караганда",
        "venue_address": "Дом дружбы, проспект Бухар Жырау, 5",
        "languages": ["kk", "ru"],
        "action": "submit",
    }


def confirmation_path(messages: list[Path], recipient: str) -> str:
    """The path of the confirmation link in the newest of ``messages`` to ``recipient``."""
    for path in messages:
        message = email.message_from_bytes(path.read_bytes())
        if recipient not in message.get("To", ""):
            continue
        body = message.get_payload(decode=True).decode()
        link = re.search(r"https://[^/\s]+(/\S*/auth/confirm/\S+)", body)
        if link:
            return link.group(1)
    raise AssertionError(f"no confirmation mail to {recipient} among {len(messages)} messages")


def log_in(client: Client, email_address: str, password: str) -> Response:
    return client.submit("/en/auth/login", {"email": email_address, "password": password})


def queue_item(moderator: Client, kind: str, title: str) -> int:
    """The id of the item called ``title`` in the moderation queue."""
    page = moderator.get(f"/en/moderation?kind={kind}")
    assert page.status == 200, f"moderation queue: {page.status}"
    pattern = rf'href="/en/moderation/{kind}/(\d+)"[^>]*>([^<]*)</a>'
    for item_id, text in re.findall(pattern, page.text):
        if title in text:
            return int(item_id)
    raise AssertionError(f"{title!r} is not in the {kind} queue")


def approve(moderator: Client, kind: str, item_id: int) -> Response:
    review = moderator.get(f"/en/moderation/{kind}/{item_id}")
    assert review.status == 200, f"review page of {kind} {item_id}: {review.status}"
    form = {
        "csrf_token": review.hidden("csrf_token"),
        "version": review.hidden("version"),
        "action": "approve",
        "reason": "",
    }
    return moderator.post(f"/en/moderation/{kind}/{item_id}/decide", form)
