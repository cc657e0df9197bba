"""The fields of an event that its association writes, and their JSON form for revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.events.models import Event

CONTENT_FIELDS = (
    "title_kk", "title_ru", "title_en", "description_kk", "description_ru", "description_en",
    "task_number", "starts_at", "ends_at", "format", "region_id", "locality", "venue_address",
    "online_url", "held_in_kk", "held_in_ru", "held_in_en", "held_in_other", "registration_url",
    "capacity", "has_step_free_access", "has_sign_language", "has_simultaneous_translation",
)  # fmt: skip
DATETIME_FIELDS = {"starts_at", "ends_at"}


def snapshot(event: Event) -> dict[str, Any]:
    """The event's content as JSON-safe values."""
    return encode({field: getattr(event, field) for field in CONTENT_FIELDS})


def encode(values: dict[str, Any]) -> dict[str, Any]:
    return {
        field: value.isoformat() if isinstance(value, datetime) else value
        for field, value in values.items()
    }


def decode(data: dict[str, Any]) -> dict[str, Any]:
    return {
        field: datetime.fromisoformat(value)
        if field in DATETIME_FIELDS and isinstance(value, str)
        else value
        for field, value in data.items()
        if field in CONTENT_FIELDS
    }


def changed_fields(event: Event, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field by field: what the revision would change, as (public value, proposed value)."""
    current = snapshot(event)
    return {f: (current.get(f), v) for f, v in encode(data).items() if current.get(f) != v}
