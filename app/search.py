"""Case-insensitive text search that works for Cyrillic on SQLite and PostgreSQL alike.

SQLite's lower() and LIKE fold ASCII only, so each SQLite connection gets a Python casefold
function; PostgreSQL's lower() already handles Cyrillic.
"""

from __future__ import annotations

from sqlalchemy import and_, event, func, or_, true
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from app.extensions import db


def fold(text: str) -> str:
    return text.casefold()


@event.listens_for(Engine, "connect")
def _register_sqlite_casefold(connection, record) -> None:
    if type(connection).__module__.startswith("sqlite3"):
        connection.create_function(
            "casefold", 1, lambda v: None if v is None else fold(v), deterministic=True
        )


def _folded(column) -> ColumnElement:
    if db.engine.dialect.name == "sqlite":
        return func.casefold(column)
    return func.lower(column)


def matches_text(query: str, *columns) -> ColumnElement[bool]:
    """Every word of ``query`` appears in at least one of ``columns``, ignoring case."""
    conditions = []
    for word in fold(query).split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(
            or_(*(_folded(column).like(f"%{escaped}%", escape="\\") for column in columns))
        )
    return and_(*conditions) if conditions else true()
