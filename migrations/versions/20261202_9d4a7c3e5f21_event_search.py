"""Event search: a document of search keys per event, in FTS5 (SQLite) or a GIN-indexed tsvector (PostgreSQL)

Revision ID: 9d4a7c3e5f21
Revises: 8c2f4e6a1b7d
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4a7c3e5f21'
down_revision = '8c2f4e6a1b7d'
branch_labels = None
depends_on = None

# SQLite: an external-content FTS5 index over event_search, kept in step by triggers.
SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE event_search_fts USING fts5(document, content='event_search',"
    " content_rowid='event_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER event_search_fts_insert AFTER INSERT ON event_search BEGIN"
    " INSERT INTO event_search_fts(rowid, document) VALUES (new.event_id, new.document); END",
    "CREATE TRIGGER event_search_fts_delete AFTER DELETE ON event_search BEGIN"
    " INSERT INTO event_search_fts(event_search_fts, rowid, document)"
    " VALUES ('delete', old.event_id, old.document); END",
    "CREATE TRIGGER event_search_fts_update AFTER UPDATE ON event_search BEGIN"
    " INSERT INTO event_search_fts(event_search_fts, rowid, document)"
    " VALUES ('delete', old.event_id, old.document);"
    " INSERT INTO event_search_fts(rowid, document) VALUES (new.event_id, new.document); END",
]
# PostgreSQL: the keys are already normalised in Python, so the 'simple' configuration only
# splits them.
POSTGRESQL_INDEX = [
    "ALTER TABLE event_search ADD COLUMN document_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, document)) STORED",
    "CREATE INDEX ix_event_search_document_vector ON event_search USING gin (document_vector)",
]


def upgrade():
    op.create_table('event_search',
    sa.Column('event_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_search_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_search'))
    )
    bind = op.get_bind()
    for statement in SQLITE_INDEX if bind.dialect.name == 'sqlite' else POSTGRESQL_INDEX:
        op.execute(statement)
    # Existing events are indexed now, by the normaliser of the app being deployed. A database
    # without events skips this, so that replaying the history never depends on today's code.
    if bind.execute(sa.text('SELECT 1 FROM events LIMIT 1')).first() is not None:
        from app.events.search import reindex_all

        reindex_all(bind)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER event_search_fts_{trigger}')
        op.execute('DROP TABLE event_search_fts')
    op.drop_table('event_search')
