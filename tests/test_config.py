"""Configuration from the environment."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import ConfigError, load_config

# What `python -c 'import secrets; print(secrets.token_hex(32))'` prints.
STRONG_KEY = "3f9c1a7be2d84f60a5c3e9d17b2f48c6e0a9d3b57f1c2e84a6b0d9f3c7e15a28"


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "BASE_URL": "https://events.assembly.kz",
        "INSTANCE_DIR": str(tmp_path),
    }
    return {**env, **overrides}


def refusal(env: dict[str, str]) -> str:
    """The one line load_config stops with."""
    with pytest.raises(ConfigError) as stopped:
        load_config(env)
    message = str(stopped.value)
    assert "\n" not in message
    assert message.startswith("error: ")
    return message


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError) as stopped:
        load_config({"APP_ENV": "production", "INSTANCE_DIR": str(tmp_path)})
    message = str(stopped.value)
    assert "SECRET_KEY" in message
    assert "\n" not in message


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    first = load_config({"INSTANCE_DIR": str(tmp_path)})["SECRET_KEY"]
    second = load_config({"INSTANCE_DIR": str(tmp_path)})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text() == first


def test_default_database_is_a_sqlite_file_under_instance(tmp_path):
    config = load_config({"INSTANCE_DIR": str(tmp_path)})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'assembly.db'}"
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_postgres_urls_get_the_psycopg_driver(tmp_path):
    config = load_config({"INSTANCE_DIR": str(tmp_path), "DATABASE_URL": "postgres://u@h/db"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_turns_on_secure_cookies_and_hsts(tmp_path, database_url):
    config = load_config(production_env(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_url})
    response = app.test_client().get("/kk/no-such-page", base_url="https://events.assembly.kz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/kk/").headers


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("x", "shorter than 32 characters"),
        ("s" * 40, "fewer than 10 different characters"),
        ("0123456789" * 2, "shorter than 32 characters"),
        ("change-me-to-a-long-random-string-please", "placeholder"),
        ("your-super-secret-key-for-production-1234", "placeholder"),
        ("REPLACE_WITH_A_RANDOM_VALUE_OF_64_HEX_DIGITS", "placeholder"),
    ],
)
def test_production_refuses_a_weak_secret_key(tmp_path, key, why):
    message = refusal(production_env(tmp_path, SECRET_KEY=key))
    assert "SECRET_KEY" in message
    assert why in message
    assert repr(key) not in message  # a real secret must never reach the logs


def test_production_accepts_a_generated_secret_key(tmp_path):
    assert load_config(production_env(tmp_path))["SECRET_KEY"] == STRONG_KEY


def test_development_takes_any_secret_key_it_is_given(tmp_path):
    assert load_config({"SECRET_KEY": "x", "INSTANCE_DIR": str(tmp_path)})["SECRET_KEY"] == "x"


def test_production_refuses_to_start_without_a_base_url(tmp_path):
    env = production_env(tmp_path)
    del env["BASE_URL"]
    assert "BASE_URL must be set" in refusal(env)


@pytest.mark.parametrize(
    "base_url",
    [
        "http://events.assembly.kz",
        "events.assembly.kz",
        "https://",
        "https://x.kz/kk/",
        "https://x.kz?a=1",
    ],
)
def test_production_refuses_a_base_url_that_is_not_an_https_origin(tmp_path, base_url):
    assert "BASE_URL" in refusal(production_env(tmp_path, BASE_URL=base_url))


def test_base_url_keeps_scheme_host_and_port_only(tmp_path):
    env = {"INSTANCE_DIR": str(tmp_path), "BASE_URL": "http://127.0.0.1:8000/"}
    assert load_config(env)["BASE_URL"] == "http://127.0.0.1:8000"
    assert load_config({"INSTANCE_DIR": str(tmp_path)})["BASE_URL"] == "http://127.0.0.1:5000"


def test_production_answers_only_its_own_host_and_the_trusted_ones(tmp_path):
    assert load_config(production_env(tmp_path))["TRUSTED_HOSTS"] == ["events.assembly.kz"]
    env = production_env(tmp_path, TRUSTED_HOSTS="www.assembly.kz, Events.Assembly.kz")
    assert load_config(env)["TRUSTED_HOSTS"] == ["events.assembly.kz", "www.assembly.kz"]


def test_development_answers_any_host(tmp_path):
    assert load_config({"INSTANCE_DIR": str(tmp_path)})["TRUSTED_HOSTS"] is None


def test_proxy_count_is_a_number_and_zero_by_default(tmp_path):
    assert load_config({"INSTANCE_DIR": str(tmp_path)})["PROXY_COUNT"] == 0
    assert load_config({"INSTANCE_DIR": str(tmp_path), "PROXY_COUNT": "1"})["PROXY_COUNT"] == 1
    assert "PROXY_COUNT" in refusal({"INSTANCE_DIR": str(tmp_path), "PROXY_COUNT": "yes"})


def test_requests_are_bounded_in_size(tmp_path):
    config = load_config({"INSTANCE_DIR": str(tmp_path)})
    assert config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    assert config["MAX_FORM_MEMORY_SIZE"] <= config["MAX_CONTENT_LENGTH"]
    assert config["MAX_FORM_PARTS"] > 0


def test_redis_gets_short_timeouts_and_the_limiter_a_fallback(tmp_path):
    env = {
        "INSTANCE_DIR": str(tmp_path),
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    config = load_config(env)
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
    assert config["RATELIMIT_STORAGE_OPTIONS"]["socket_connect_timeout"] > 0
    assert config["CACHE_OPTIONS"]["socket_timeout"] > 0
    development = load_config({"INSTANCE_DIR": str(tmp_path)})
    assert development["RATELIMIT_STORAGE_OPTIONS"] == {}
    assert development["CACHE_OPTIONS"] is None
