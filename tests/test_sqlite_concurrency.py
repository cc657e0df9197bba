"""SQLite serves readers while a writer holds its lock (WAL), instead of failing them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db


def test_a_reader_is_not_blocked_by_a_writer(app, client):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL readers never wait for writers")
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        writer = db.engine.connect()
    try:
        transaction = writer.begin()
        writer.execute(sa.text("UPDATE regions SET name_en = name_en"))  # holds the write lock
        response = client.get("/en/events")
        assert response.status_code == 200
        transaction.rollback()
    finally:
        writer.close()
