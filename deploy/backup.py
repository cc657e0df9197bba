"""Back up and restore the app's database with the database's own tools.

    python deploy/backup.py create [--dir DIR] [--keep N]
    python deploy/backup.py restore FILE [--yes]

The database is the app's own (DATABASE_URL, else the SQLite file under INSTANCE_DIR), read
from the same environment as the app (/etc/assembly-events/env in production).

SQLite: a consistent copy taken with SQLite's online backup API, checked with
``PRAGMA integrity_check``; restoring copies it back page by page. PostgreSQL: ``pg_dump
--format=custom``, checked with ``pg_restore --list``; restoring runs ``pg_restore --clean
--if-exists`` in a single transaction, so a failed restore changes nothing. Stop the app
instances before restoring.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402

from app.config import load_config  # noqa: E402

DEFAULT_DIR = ROOT / "instance" / "backups"
PREFIX = "assembly-events-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(SystemExit):
    """Stops with one readable line and a non-zero exit."""


def database_url() -> URL:
    """The app's own rule (app/config.py): DATABASE_URL, or the SQLite file under INSTANCE_DIR."""
    settings = {
        key: os.environ[key] for key in ("DATABASE_URL", "INSTANCE_DIR") if key in os.environ
    }
    # Only the database settings matter here; the secret key is never used.
    config = load_config({**settings, "SECRET_KEY": "not used by backups"})
    return make_url(config["SQLALCHEMY_DATABASE_URI"])


def backend(url: URL) -> str:
    name = url.get_backend_name()
    if name not in SUFFIXES:
        raise BackupError(f"error: no backup method for {name} databases")
    return name


# ── SQLite ──────────────────────────────────────────────────────────────────────────────────


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("error: the SQLite database is in memory: nothing to back up")
    return Path(url.database)


def _check_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    if result != "ok":
        raise BackupError(f"error: {path} fails SQLite's integrity check: {result}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot even while the app writes."""
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        with writer:
            reader.backup(writer)
    finally:
        writer.close()
        reader.close()


# ── PostgreSQL ──────────────────────────────────────────────────────────────────────────────


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for pg_dump/pg_restore, the password passed in the environment
    rather than on the command line, where every user could read it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"error: {command[0]} failed: {result.stderr.strip()}")


# ── Commands ────────────────────────────────────────────────────────────────────────────────


def create_backup(directory: Path, keep: int | None = None) -> Path:
    """Write a new backup into ``directory``, readable by its owner only; returns its path."""
    url = database_url()
    kind = backend(url)
    # UTC, to the microsecond: names sort by age and never collide.
    target = directory / f"{PREFIX}{datetime.now(UTC):%Y%m%d-%H%M%S-%f}{SUFFIXES[kind]}"
    partial = target.with_name(target.name + ".partial")
    old_umask = os.umask(0o077)  # backups hold e-mail addresses and password hashes
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        if kind == "sqlite":
            _sqlite_copy(_sqlite_path(url), partial)
            _check_sqlite(partial)
        else:
            uri, env = _libpq(url)
            _run(["pg_dump", "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)
            _run(["pg_restore", "--list", str(partial)])
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        os.umask(old_umask)
    partial.rename(target)  # a backup file is either whole or absent
    if keep:
        _prune(directory, SUFFIXES[kind], keep)
    return target


def _prune(directory: Path, suffix: str, keep: int) -> None:
    backups = sorted(directory.glob(f"{PREFIX}*{suffix}"))
    for old in backups[:-keep]:
        old.unlink()


def restore_backup(path: Path) -> None:
    """Replace every row of the app's database with the backup's."""
    url = database_url()
    kind = backend(url)
    if not path.is_file():
        raise BackupError(f"error: no backup at {path}")
    if path.suffix != SUFFIXES[kind]:
        raise BackupError(f"error: {path.name} is not a {kind} backup ({SUFFIXES[kind]})")
    if kind == "sqlite":
        _check_sqlite(path)
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(path, target)
    else:
        uri, env = _libpq(url)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={uri}",
                str(path),
            ],
            env,
        )


def _describe(url: URL) -> str:
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="write a new backup and print its path")
    create.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"[default: {DEFAULT_DIR}]")
    create.add_argument("--keep", type=int, help="then keep only the newest N backups")
    restore = commands.add_parser("restore", help="replace the database's content with a backup")
    restore.add_argument("file", type=Path)
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)

    if args.command == "create":
        print(create_backup(args.dir, args.keep))
        return 0
    target = _describe(database_url())
    if not args.yes:
        answer = input(f"Replace every row of {target} with {args.file}? Type yes: ")
        if answer.strip().lower() != "yes":
            print("nothing restored")
            return 1
    restore_backup(args.file)
    print(f"restored {args.file} into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
