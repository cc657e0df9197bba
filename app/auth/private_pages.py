"""Pages for one person stay out of every cache: the browser's (its back button on a shared
computer), a proxy's, and this app's own page cache (app/caching.py, which adds its own header
only where none is set)."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from app.auth import bp

NO_STORE = "no-store"


def _is_account_page() -> bool:
    # By the URL, not the blueprint: sign-up lives with the associations, under /<lang>/auth/
    # like every other account page.
    rule = request.url_rule
    return rule is not None and rule.rule.startswith(f"{bp.url_prefix}/")


def forbid_storing_private_pages(response):
    """Every account page (log-in, sign-up, reset, password change) and every answer to a
    logged-in user is ``no-store``. Static files are the same for everyone and stay cached."""
    if request.endpoint == "static":
        return response
    if _is_account_page() or current_user.is_authenticated:
        response.headers["Cache-Control"] = NO_STORE
    return response
