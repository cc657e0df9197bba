"""/healthz and /readyz: what a process manager and a load balancer ask, answered fresh."""

from __future__ import annotations

import pytest
import redis

from app.health import views
from tests.conftest import IN_CI

UNREACHABLE_REDIS = "redis://127.0.0.1:1/15"  # nothing listens on port 1
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


def test_healthz_answers_without_the_database(app_with):
    app = app_with("postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_names_the_database_when_it_does_not_answer(app_with):
    app = app_with("postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["database"].startswith("failed: ")


@pytest.mark.parametrize(
    ("settings", "role"),
    [
        ({"RATELIMIT_STORAGE_URI": UNREACHABLE_REDIS}, "rate limits"),
        ({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": UNREACHABLE_REDIS}, "cache"),
    ],
)
def test_readyz_names_redis_when_it_does_not_answer(app_with, database_url, settings, role):
    app = app_with(database_url, PAGE_CACHE_ENABLED=False, **settings)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.json["checks"]
    assert checks["database"] == "ok"
    assert checks["redis"].startswith("failed: ") and role in checks["redis"]


def redis_is_running() -> bool:
    try:
        return redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        return False


def test_readyz_asks_a_running_redis(app_with, database_url):
    if not redis_is_running():
        if IN_CI:
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings = {
        "RATELIMIT_STORAGE_URI": LOCAL_REDIS,
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": LOCAL_REDIS,
    }
    response = app_with(database_url, **settings).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "redis": "ok"}


def test_readyz_is_asked_afresh_every_time_never_from_the_page_cache(client, monkeypatch):
    assert client.application.config["PAGE_CACHE_ENABLED"]
    assert client.get("/readyz").status_code == 200
    monkeypatch.setattr(views, "_check_database", lambda: "failed: OperationalError")
    response = client.get("/readyz")
    assert response.status_code == 503


def test_probes_set_no_cookie_even_for_a_visitor_with_cookies(client):
    client.set_cookie("lang", "ru")
    for path in ("/healthz", "/readyz"):
        response = client.get(path, headers={"Accept-Language": "ru"})
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


def test_probes_answer_head_requests(client):
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 200
