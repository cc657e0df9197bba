"""Configuration from the environment."""

from __future__ import annotations

import pytest

from app import create_app
from app.config import ConfigError, load_config


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
    env = {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "INSTANCE_DIR": str(tmp_path)}
    config = load_config(env)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_url})
    response = app.test_client().get("/kk/no-such-page")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/kk/").headers
