"""Shared fixtures: one app per test session on a fresh schema, built by the real migrations.

``DATABASE_URL`` chooses the database (PostgreSQL in CI's second run); without it the suite uses
a SQLite file of its own. Each test leaves the reference rows and nothing else behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import cache, db, limiter
from app.reference.loader import load_reference_data

REFERENCE_TABLES = {"statutory_tasks", "regions", "ethnic_communities", "alembic_version"}
IN_CI = bool(os.environ.get("CI"))


def reset_schema(url: str) -> None:
    """Start from nothing: an empty public schema on PostgreSQL, no file on SQLite."""
    engine = sa.create_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def config_for_tests(tmp_path: Path, database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "INSTANCE_DIR": str(tmp_path),
        "MAIL_OUTBOX_DIR": str(tmp_path / "mail"),
        "CACHE_DIR": str(tmp_path / "cache"),
        "SERVER_NAME": None,
        # The test client's own host, so links in mail open on the test server as they are.
        "BASE_URL": "http://localhost",
        # Real Argon2id, at a cost that keeps hundreds of log-ins in the suite fast.
        "ARGON2_COSTS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
    }


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Flask]:
    reset_schema(database_url)
    application = create_app(config_for_tests(tmp_path_factory.mktemp("instance"), database_url))
    with application.app_context():
        upgrade()
        load_reference_data()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    limiter.reset()
    with application.app_context():
        cache.clear()
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


def log_in(client, email: str, password: str = "correct horse battery", lang: str = "kk"):
    return client.post(
        f"/{lang}/auth/login", data={"email": email, "password": password}, follow_redirects=False
    )


@pytest.fixture
def outbox(app) -> Path:
    """The folder where mail lands without SMTP; emptied for each test."""
    path = Path(app.config["MAIL_OUTBOX_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    for message in path.glob("*.eml"):
        message.unlink()
    return path


@pytest.fixture
def app_with(tmp_path):
    """Apps of their own settings; their database connections closed afterwards."""
    made = []

    def make(database_url, **overrides):
        made.append(create_app({**config_for_tests(tmp_path, database_url), **overrides}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()
