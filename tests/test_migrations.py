"""The migrations build the schema the models describe, and undo it, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.events.search import include_name
from app.extensions import db
from tests.conftest import config_for_tests


@pytest.fixture
def scratch_database_url(database_url, tmp_path):
    """A database of its own, so that migrating down does not disturb the other tests."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in database_url else "?"
    yield f"{database_url}{separator}options={quote(f'-csearch_path={schema}')}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def _tables(engine) -> set[str]:
    """The tables the models describe: not Alembic's, nor those a search engine keeps."""
    names = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if include_name(name, "table", {})}


def test_migrations_upgrade_downgrade_and_match_the_models(scratch_database_url, tmp_path):
    app = create_app(config_for_tests(tmp_path, scratch_database_url))
    with app.app_context():
        upgrade()
        assert _tables(db.engine) == set(db.metadata.tables)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, db.metadata) == []

        downgrade(revision="base")
        assert _tables(db.engine) == set()

        upgrade()
        assert _tables(db.engine) == set(db.metadata.tables)
        db.session.remove()
        db.engine.dispose()
