"""deploy/backup.py: back up, lose the data, restore, and find every row again.

Each database is filled by the app's own commands (migrations, reference rows, the demo set),
fingerprinted table by table (row count and a digest of every row), backed up, wiped and
restored through the script's command line, as an operator would. PostgreSQL runs on a scratch
database of its own (``backupcheck``), never the suite's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "deploy" / "backup.py"
SCRATCH_DATABASE = "backupcheck"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# Tables the demo set fills: a backup that loses them must not pass as "every table matches".
FILLED_TABLES = {"associations", "users", "events", "audit_entries", "regions", "alembic_version"}


def run(env: dict[str, str], *command: str) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def fill(env: dict[str, str]) -> None:
    flask = (sys.executable, "-m", "flask")
    run(env, *flask, "db", "upgrade")
    run(env, *flask, "reference", "load")
    run(env, *flask, "demo", "load")


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows in a stable order; on PostgreSQL also
    every sequence's position, so new rows after a restore get fresh ids."""
    engine = sa.create_engine(url)
    try:
        prints = {}
        with engine.connect() as connection:
            for table in sa.inspect(connection).get_table_names():
                quoted = engine.dialect.identifier_preparer.quote(table)
                rows = connection.exec_driver_sql(f"SELECT * FROM {quoted}").all()
                digest = hashlib.sha256()
                for line in sorted(repr(tuple(row)) for row in rows):
                    digest.update(line.encode())
                prints[table] = (len(rows), digest.hexdigest())
            if engine.dialect.name == "postgresql":
                sequences = connection.exec_driver_sql(
                    "SELECT sequencename, last_value FROM pg_sequences"
                ).all()
                prints["sequences"] = (len(sequences), repr(sorted(sequences)))
        return prints
    finally:
        engine.dispose()


def backup_and_restore(env: dict[str, str], url: str, wipe, tmp_path: Path) -> None:
    fill(env)
    before = fingerprint(url)
    assert all(before[table][0] > 0 for table in FILLED_TABLES), before

    backups = tmp_path / "backups"
    created = Path(run(env, sys.executable, str(SCRIPT), "create", "--dir", str(backups)).strip())
    assert created.parent == backups and created.is_file()
    assert created.stat().st_mode & 0o077 == 0, "a backup is readable by its owner only"

    wipe()
    assert fingerprint(url) != before

    run(env, sys.executable, str(SCRIPT), "restore", "--yes", str(created))
    assert fingerprint(url) == before


def script_env(tmp_path: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "APP_ENV": "development",
        "SECRET_KEY": "backup-test-secret-key-0123456789abcdef",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "DATABASE_URL": url,
    }


def test_sqlite_backup_restores_every_row(tmp_path):
    database = tmp_path / "assembly.db"
    url = f"sqlite:///{database}"

    def wipe():
        for path in tmp_path.glob("assembly.db*"):  # the file, its -wal and -shm
            path.unlink()

    backup_and_restore(script_env(tmp_path, url), url, wipe, tmp_path)


def test_backups_beyond_keep_are_removed(tmp_path):
    url = f"sqlite:///{tmp_path / 'assembly.db'}"
    env = script_env(tmp_path, url)
    run(env, sys.executable, "-m", "flask", "db", "upgrade")
    command = (sys.executable, str(SCRIPT), "create", "--dir", str(tmp_path / "b"), "--keep", "2")
    made = [Path(run(env, *command).strip()) for _ in range(3)]
    assert sorted((tmp_path / "b").iterdir()) == made[1:]


def test_restore_refuses_a_backup_of_the_other_kind(tmp_path):
    url = f"sqlite:///{tmp_path / 'assembly.db'}"
    dump = tmp_path / "assembly-events-20260101-000000-000000.pgdump"
    dump.write_bytes(b"PGDMP")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "restore", "--yes", str(dump)],
        env=script_env(tmp_path, url),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "not a sqlite backup" in result.stderr


# ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────


def scratch_server_url() -> sa.URL:
    """The suite's PostgreSQL server when DATABASE_URL names one, else the local default."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgresql", "postgres:")):
        given = given.replace("postgres://", "postgresql+psycopg://", 1)
        return sa.make_url(given.replace("postgresql://", "postgresql+psycopg://", 1))
    return sa.make_url(DEFAULT_SERVER)


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"PostgreSQL backup test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def scratch_postgres() -> str:
    """An empty ``backupcheck`` database on the suite's server, created when missing."""
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is not installed")
    server = scratch_server_url()
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": SCRATCH_DATABASE},
            )
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{SCRATCH_DATABASE}"'))
    except sa.exc.OperationalError as error:
        unavailable(f"no PostgreSQL server at {server.render_as_string()}: {error}")
    finally:
        admin.dispose()
    url = server.set(database=SCRATCH_DATABASE).render_as_string(hide_password=False)
    wipe_postgres(url)
    return url


def wipe_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def test_postgresql_backup_restores_every_row(tmp_path, scratch_postgres):
    url = scratch_postgres
    backup_and_restore(script_env(tmp_path, url), url, lambda: wipe_postgres(url), tmp_path)
