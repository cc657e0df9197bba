"""Public pages for visitors without cookies: cacheable, conditional, and served from a cache
that is dropped whenever something public changes.

A visitor without cookies sees exactly what every other such visitor sees, so their GET answers
are stored whole (body and headers) under the page's address and the htmx headers it varies
on. Every stored answer belongs to a *generation*; a commit that writes a model marked with
``affects_public_pages`` starts a new generation, so the next request renders afresh — in every
worker, as the generation lives in the shared cache (a folder by default, Redis in production).

The cache only ever saves work: when it cannot be read or written (Redis down or unreachable),
every read is a miss and every write is skipped, with a warning in the log, and pages are
rendered afresh instead of failing.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_app_context, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import cache

GENERATION_KEY = "public-pages-generation"
# How long a browser or a proxy may reuse a public page without asking again.
PUBLIC_MAX_AGE = 60
# While the cache is down every request fails to reach it: one warning a minute tells enough.
WARNING_INTERVAL = 60
_last_warning_at = 0.0


def _warn_unavailable(action: str, key: str) -> None:
    global _last_warning_at
    now = time.monotonic()
    if now - _last_warning_at >= WARNING_INTERVAL:
        _last_warning_at = now
        current_app.logger.warning(
            "Page cache unavailable, serving uncached (%s %s)", action, key, exc_info=True
        )


def _cache_get(key: str) -> Any:
    """The stored value, or None when there is none or the cache cannot be reached."""
    try:
        return cache.get(key)
    except Exception:
        _warn_unavailable("get", key)
        return None


def _cache_set(key: str, value: Any, **options: Any) -> None:
    try:
        cache.set(key, value, **options)
    except Exception:
        _warn_unavailable("set", key)


def affects_public_pages(model: type | None = None, *, when: Callable[[Any], bool] | None = None):
    """Class decorator: writing this model changes what public pages show — every row of it,
    or, with ``when``, the rows for which ``when(row)`` is true (e.g. an event the public sees
    or saw until this write; a draft changes nothing public)."""

    def mark(model: type) -> type:
        model.affects_public_pages = staticmethod(when or _always)
        return model

    return mark(model) if model is not None else mark


def _always(row: Any) -> bool:
    return True


def invalidate_public_pages() -> None:
    generation = uuid.uuid4().hex
    _cache_set(GENERATION_KEY, generation, timeout=0)
    if has_app_context():
        g.public_generation = generation


def current_generation() -> str:
    """The generation of public pages; read from the shared cache once per request."""
    generation = g.get("public_generation") if has_app_context() else None
    if generation is None:
        generation = _cache_get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            _cache_set(GENERATION_KEY, generation, timeout=0)
        if has_app_context():
            g.public_generation = generation
    return generation


def _is_anonymous_get() -> bool:
    return request.method in ("GET", "HEAD") and not request.cookies


def _key() -> str:
    htmx = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-Target', '')}"
    return f"page:{current_generation()}:{request.full_path}:{htmx}"


def _serve_from_cache():
    if not current_app.config["PAGE_CACHE_ENABLED"] or not _is_anonymous_get():
        return None
    g.page_cache_key = _key()
    stored = _cache_get(g.page_cache_key)
    if stored is None:
        return None
    body, status, headers = stored
    response = current_app.response_class(body, status=status, headers=headers)
    g.page_cache_hit = True
    return response


def _store_and_mark(response):
    """Runs last: anonymous answers become public and conditional, and are kept."""
    if not _is_anonymous_get() or _is_personal(response):
        response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
    if response.status_code != 200 or response.direct_passthrough:
        return response
    response.headers.setdefault("Cache-Control", f"public, max-age={PUBLIC_MAX_AGE}")
    response.add_etag()
    key = g.get("page_cache_key")
    if key and not g.get("page_cache_hit"):
        _cache_set(key, (response.get_data(), response.status_code, list(response.headers.items())))
    return response.make_conditional(request)


def _is_personal(response) -> bool:
    """The session cookie is written after this hook: a session changed now (a CSRF token, a
    flashed message) would otherwise be kept and shown to every visitor."""
    return "Set-Cookie" in response.headers or session.modified


class CookielessSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, minus ``Vary: Cookie`` for a visitor who sent none and
    got none: such answers are the same for every cookieless visitor, and say so."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if not request.cookies and not session.modified and "Set-Cookie" not in response.headers:
            kept = [value for value in response.vary if value.lower() != "cookie"]
            response.headers["Vary"] = ", ".join(kept)
            if not kept:
                del response.headers["Vary"]


@event.listens_for(Session, "before_flush")
def _note_public_writes(session: Session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        affects = getattr(obj, "affects_public_pages", None)
        if affects is not None and affects(obj):
            session.info["public_pages_changed"] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_public_writes(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        mapper = state.bind_mapper
        # A bulk write's rows are not known: it may change anything.
        if mapper is not None and getattr(mapper.class_, "affects_public_pages", None):
            state.session.info["public_pages_changed"] = True


@event.listens_for(Session, "after_commit")
def _start_a_new_generation(session: Session) -> None:
    if session.info.pop("public_pages_changed", False):
        invalidate_public_pages()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_writes(session: Session) -> None:
    session.info.pop("public_pages_changed", None)


def init_app(app: Flask) -> None:
    app.session_interface = CookielessSessionInterface()
    app.before_request(_serve_from_cache)
    # Registered before every other after_request hook, so that it runs after all of them.
    app.after_request_funcs.setdefault(None, []).insert(0, _store_and_mark)
