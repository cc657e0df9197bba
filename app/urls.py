"""Links that users give (websites, online venues, registration pages): which ones we accept."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_web_url(value: str) -> bool:
    """An absolute http or https address with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in value
