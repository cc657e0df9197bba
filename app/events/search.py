"""Event search: one document of search keys per event, in the index each database is good at.

``event_search`` holds, for every event, the keys (``app/search.py``) of its titles and
descriptions in kk/ru/en, its locality, its region's three names and its association's names.
Beside it, SQLite keeps an FTS5 index (``event_search_fts``, filled by triggers on the table)
and PostgreSQL a generated ``tsvector`` column with a GIN index; the migration creates both.

Documents follow every write made through the ORM (the flush hook below). Writes that bypass
it, such as a bulk import with ``insert()``, call :func:`reindex_all` (or ``flask search
reindex``) afterwards.

The list asks:

- ``Event.id.in_(matching_event_ids(q))``: events holding every word of ``q``;
- ``ranked_ids(q)``: the same events with their ``relevance`` (higher is better), to join::

      ranked = ranked_ids(q)
      query.join(ranked, ranked.c.event_id == Event.id).order_by(ranked.c.relevance.desc())

Neither knows who may see an event: the caller adds the public filter.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import click
import sqlalchemy as sa
from flask.cli import AppGroup
from sqlalchemy import ForeignKey, Select, Subquery, Text, event, func, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.associations.models import Association
from app.db import Base
from app.events.models import Event
from app.extensions import db
from app.reference.models import Region
from app.search import document_keys, fts5_query, query_keys, tsquery_text

FTS_TABLE = "event_search_fts"
VECTOR_COLUMN = "document_vector"
VECTOR_INDEX = "ix_event_search_document_vector"
REINDEX_CHUNK = 5_000
# ts_rank's normalisation 1: a match in a short document (a title, little else) counts for more,
# as bm25 does on SQLite.
RANK_BY_LENGTH = 1
LANGS = ("kk", "ru", "en")


class EventSearchDocument(Base):
    """The search keys of one event, as :func:`app.search.document_keys` writes them."""

    __tablename__ = "event_search"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    document: Mapped[str] = mapped_column(Text)


# What a document is made of, read by plain table and column names rather than the models, so
# that the migration which creates the index can fill it with the schema of its own time.
_events = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("association_id", sa.Integer),
    sa.column("region_id", sa.Integer),
    *(
        sa.column(f"{field}_{lang}", sa.Text)
        for field in ("title", "description")
        for lang in LANGS
    ),
    sa.column("locality", sa.Text),
)
_associations = sa.table(
    "associations", sa.column("id", sa.Integer), sa.column("name_kk"), sa.column("name_ru")
)
_regions = sa.table(
    "regions", sa.column("id", sa.Integer), *(sa.column(f"name_{lang}") for lang in LANGS)
)
_documents = EventSearchDocument.__table__
_fts = sa.table(FTS_TABLE, sa.column("rowid", sa.Integer))
_vectors = sa.table("event_search", sa.column("event_id", sa.Integer), sa.column(VECTOR_COLUMN))

# Changes to these attributes change some event's document.
EVENT_FIELDS = (
    *(f"{field}_{lang}" for field in ("title", "description") for lang in LANGS),
    "locality", "region_id", "region", "association_id", "association",
)  # fmt: skip
ASSOCIATION_FIELDS = ("name_kk", "name_ru")
REGION_FIELDS = tuple(f"name_{lang}" for lang in LANGS)


def _sources() -> Select:
    """Each event's id and the texts of its document."""
    e, a, r = _events.c, _associations.c, _regions.c
    return select(
        e.id,
        *(e[f"title_{lang}"] for lang in LANGS),
        e.locality,
        *(r[f"name_{lang}"] for lang in LANGS),
        a.name_kk,
        a.name_ru,
        *(e[f"description_{lang}"] for lang in LANGS),
    ).select_from(
        _events.join(_associations, a.id == e.association_id).outerjoin(
            _regions, r.id == e.region_id
        )
    )


def _documents_of(rows: Iterable[sa.Row]) -> list[dict]:
    return [{"event_id": row[0], "document": document_keys(*row[1:])} for row in rows]


def reindex_events(connection: sa.Connection, which: sa.ColumnElement[bool]) -> None:
    """Rewrite the documents of the events ``which`` selects (a condition on ``events``)."""
    rows = connection.execute(_sources().where(which)).all()
    chosen = select(_events.c.id).where(which)
    connection.execute(_documents.delete().where(_documents.c.event_id.in_(chosen)))
    if rows:
        connection.execute(_documents.insert(), _documents_of(rows))


def reindex_all(connection: sa.Connection | None = None) -> int:
    """Rebuild every event's document in bulk; returns how many events were indexed.

    Call it after writes that bypass the ORM. The caller commits (the migration's transaction,
    or ``db.session.commit()`` when it runs on the session's connection, the default)."""
    connection = connection or db.session.connection()
    connection.execute(_documents.delete())
    indexed, last_id = 0, 0
    while rows := connection.execute(
        _sources().where(_events.c.id > last_id).order_by(_events.c.id).limit(REINDEX_CHUNK)
    ).all():
        connection.execute(_documents.insert(), _documents_of(rows))
        indexed += len(rows)
        last_id = rows[-1][0]
    return indexed


def _changed(obj, fields: tuple[str, ...]) -> bool:
    attributes = inspect(obj).attrs
    return any(attributes[field].history.has_changes() for field in fields)


@event.listens_for(Session, "after_flush")
def _reindex_changed_events(session: Session, flush_context) -> None:
    """Documents follow their sources in the same transaction: new and edited events, and the
    events of an association or a region whose names changed."""
    event_ids, association_ids, region_ids = set(), set(), set()
    for obj in session.new:
        if isinstance(obj, Event):
            event_ids.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Event) and _changed(obj, EVENT_FIELDS):
            event_ids.add(obj.id)
        elif isinstance(obj, Association) and _changed(obj, ASSOCIATION_FIELDS):
            association_ids.add(obj.id)
        elif isinstance(obj, Region) and _changed(obj, REGION_FIELDS):
            region_ids.add(obj.id)
    which = [
        column.in_(ids)
        for column, ids in (
            (_events.c.id, event_ids),
            (_events.c.association_id, association_ids),
            (_events.c.region_id, region_ids),
        )
        if ids
    ]
    if which:
        reindex_events(session.connection(), sa.or_(*which))


def _is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def _tsquery(keys: list[str]) -> sa.ColumnElement:
    return func.to_tsquery(sa.literal_column("'simple'::regconfig"), tsquery_text(keys))


def matching_event_ids(query: str) -> Select:
    """The ids (one column, ``event_id``) of events whose document holds every word of
    ``query``, the last word as a prefix. A query without any word matches every event."""
    keys = query_keys(query)
    if not keys:
        return select(Event.id.label("event_id"))
    if _is_sqlite():
        return select(_fts.c.rowid.label("event_id")).where(
            sa.literal_column(FTS_TABLE).match(fts5_query(keys))
        )
    vector = _vectors.c[VECTOR_COLUMN]
    return select(_vectors.c.event_id).where(vector.op("@@")(_tsquery(keys)))


def ranked_ids(query: str) -> Subquery:
    """The events :func:`matching_event_ids` finds, as a subquery of ``event_id`` and
    ``relevance``: higher is better (FTS5's bm25 negated on SQLite, ``ts_rank`` by length on
    PostgreSQL). Joining it also keeps only the matching events."""
    keys = query_keys(query)
    if not keys:
        return select(Event.id.label("event_id"), sa.literal(0.0).label("relevance")).subquery()
    if _is_sqlite():
        return (
            select(
                _fts.c.rowid.label("event_id"),
                (-func.bm25(sa.literal_column(FTS_TABLE))).label("relevance"),
            )
            .where(sa.literal_column(FTS_TABLE).match(fts5_query(keys)))
            .subquery()
        )
    vector, terms = _vectors.c[VECTOR_COLUMN], _tsquery(keys)
    return (
        select(_vectors.c.event_id, func.ts_rank(vector, terms, RANK_BY_LENGTH).label("relevance"))
        .where(vector.op("@@")(terms))
        .subquery()
    )


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's ``include_name``: what the search engines keep beside ``event_search`` (the
    FTS5 tables, the tsvector column and its index) is the migration's, not the models'."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if parent_names.get("table_name") == "event_search":
        return name not in (VECTOR_COLUMN, VECTOR_INDEX)
    return True


search_cli = AppGroup("search", help="The full-text index of events.")


@search_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild every event's search document (after a bulk import or a change of rules)."""
    started = time.perf_counter()
    indexed = reindex_all()
    db.session.commit()
    click.echo(f"indexed {indexed} events in {time.perf_counter() - started:.1f} s")
