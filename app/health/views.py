"""``/healthz`` and ``/readyz``: tiny answers that are never cached and set no cookie.

They answer before every other request hook: a probe must not be served from the page cache
(a stale "ready"), counted by the rate limiter, or sent to a language page.
"""

from __future__ import annotations

import redis
from flask import current_app, jsonify, request
from sqlalchemy import text

from app.extensions import db
from app.health import bp

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
# A probe that waits longer than its caller is worse than one that says "not ready".
REDIS_TIMEOUT_SECONDS = 1.0


@bp.get("/healthz")
def healthz():
    """The process is up and serving; asks nothing of the database."""
    response = current_app.response_class("ok\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/readyz")
def readyz():
    """200 when the database answers ``SELECT 1`` and every configured Redis answers PING;
    503 naming what failed otherwise."""
    checks = {"database": _check_database()}
    redis_urls = configured_redis_urls(current_app.config)
    if redis_urls:
        checks["redis"] = _check_redis(redis_urls)
    ready = all(result == "ok" for result in checks.values())
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def configured_redis_urls(config) -> dict[str, str]:
    """The Redis servers the app uses, by what it uses them for."""
    urls = {}
    limits = config.get("RATELIMIT_STORAGE_URI") or ""
    if limits.startswith(REDIS_SCHEMES):
        urls["rate limits"] = limits
    cache_type = str(config.get("CACHE_TYPE") or "").lower()
    if "redis" in cache_type and config.get("CACHE_REDIS_URL"):
        urls["cache"] = config["CACHE_REDIS_URL"]
    return urls


def _check_database() -> str:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure means "not ready", never a 500
        current_app.logger.warning("readyz: database unavailable: %r", error)
        return f"failed: {type(error).__name__}"
    return "ok"


def _check_redis(urls: dict[str, str]) -> str:
    failed = []
    for role, url in urls.items():
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        except Exception as error:
            current_app.logger.warning("readyz: redis (%s) unavailable: %r", role, error)
            failed.append(f"{role}: {type(error).__name__}")
        finally:
            client.close()
    return "failed: " + "; ".join(failed) if failed else "ok"


HEALTH_VIEWS = {"health.healthz": healthz, "health.readyz": readyz}


def _answer_before_other_hooks():
    view = HEALTH_VIEWS.get(request.endpoint or "")
    return view() if view is not None else None


@bp.record_once
def _run_first(state) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _answer_before_other_hooks)
