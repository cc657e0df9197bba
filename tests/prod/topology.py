"""The whole production topology, started and stopped as one: a PostgreSQL database migrated by
``flask db upgrade`` and ``flask reference load``, Redis for rate limits and the page cache, two
gunicorn instances in production mode, nginx with TLS in front."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from tests.prod.client import Client
from tests.prod.services import (
    ROOT,
    SERVER_NAME,
    Instance,
    Nginx,
    Postgres,
    Redis,
    make_certificate,
)

DATABASE = "prodcheck"
MODERATOR = ("moderator@example.kz", "moderator password 2026")
# The app's settings that must come from the check, not from the caller's environment.
APP_SETTINGS = (
    "APP_ENV", "SECRET_KEY", "BASE_URL", "TRUSTED_HOSTS", "PROXY_COUNT", "DATABASE_URL",
    "RATELIMIT_STORAGE_URI", "CACHE_TYPE", "CACHE_REDIS_URL", "CACHE_DIR", "PAGE_CACHE_ENABLED",
    "INSTANCE_DIR", "MAIL_SERVER", "AUTH_RATE_LIMIT_PER_IP", "AUTH_RATE_LIMIT_PER_ACCOUNT",
    "GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_BIND", "INSTANCE_NAME",
)  # fmt: skip
PER_ACCOUNT_LIMIT = 5


class Topology:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.postgres = Postgres(workdir)
        self.redis = Redis(workdir)
        self.instances: list[Instance] = []
        self.nginx: Nginx | None = None
        self.cafile = workdir / "tls.crt"
        self._engine: sa.Engine | None = None

    # ── Start and stop ──────────────────────────────────────────────────────────────────────

    def start(self) -> None:
        make_certificate(self.workdir)
        self.postgres.create()
        self._create_database()
        self.redis.start()
        self.env = self._environment()
        self.flask("db", "upgrade")
        self.flask("reference", "load")
        self.flask(
            "users", "create", MODERATOR[0], "--role", "moderator", "--password-stdin",
            input=MODERATOR[1] + "\n",
        )  # fmt: skip
        # Each instance has a folder of its own, as on machines of their own: whatever they
        # share goes through PostgreSQL and Redis.
        self.instances = [
            Instance(
                name,
                {**self.env, "INSTANCE_DIR": str(self.workdir / f"instance-{name}")},
                self.workdir,
            )
            for name in ("a", "b")
        ]
        for instance in self.instances:
            instance.launch()
        for instance in self.instances:
            instance.wait()
        self.nginx = Nginx(self.workdir, [instance.port for instance in self.instances])
        self.nginx.start()

    def stop(self) -> None:
        """Everything this check started, whatever state it is in."""
        if self._engine is not None:
            self._engine.dispose()
        for stop in (
            self.nginx.stop if self.nginx else None,
            *(instance.stop for instance in self.instances),
            self.redis.stop,
            self.postgres.stop if self.postgres.is_running() else None,
        ):
            if stop is None:
                continue
            try:
                stop()
            except Exception as error:  # stop the rest anyway
                print(f"could not stop cleanly: {error}", file=sys.stderr)

    def _create_database(self) -> None:
        server = sa.create_engine(self.postgres.url("postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{DATABASE}"'))
        server.dispose()

    def _environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in APP_SETTINGS}
        return {
            **env,
            "FLASK_APP": "wsgi.py",
            "APP_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "BASE_URL": f"https://{SERVER_NAME}",
            "PROXY_COUNT": "1",
            "DATABASE_URL": self.postgres.url(DATABASE) + "?connect_timeout=5",
            "RATELIMIT_STORAGE_URI": self.redis.url(15),
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": self.redis.url(15),
            "INSTANCE_DIR": str(self.workdir / "instance"),
            "AUTH_RATE_LIMIT_PER_ACCOUNT": f"{PER_ACCOUNT_LIMIT} per minute",
            "AUTH_RATE_LIMIT_PER_IP": "30 per 10 minutes",
        }

    def flask(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "flask", *args],
            env=self.env, cwd=ROOT, input=input, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    # ── Reaching it ─────────────────────────────────────────────────────────────────────────

    def client(self) -> Client:
        """A visitor going through nginx, over HTTPS."""
        assert self.nginx is not None
        return Client(self.nginx.https_port, cafile=self.cafile)

    def direct(self, instance: Instance) -> Client:
        """A visitor reaching one instance straight, as nginx would."""
        return Client(instance.port)

    @property
    def site(self) -> str:
        assert self.nginx is not None
        return f"https://127.0.0.1:{self.nginx.https_port}"

    def database(self) -> sa.Engine:
        """The check's own look at the database (row counts, reference ids)."""
        if self._engine is None:
            # pre_ping: the check restarts PostgreSQL, which ends pooled connections.
            self._engine = sa.create_engine(self.postgres.url(DATABASE), pool_pre_ping=True)
        return self._engine

    def mail(self) -> list[Path]:
        """Every message the instances wrote (there is no SMTP server), newest first."""
        messages = self.workdir.glob("instance-*/mail/*.eml")
        return sorted(messages, key=lambda path: path.stat().st_mtime_ns, reverse=True)

    def access_lines(self, instance: Instance) -> int:
        """How many requests the instance's own log says it answered."""
        text = instance.log.read_text(errors="replace")
        return sum(1 for line in text.splitlines() if '"logger": "app.access"' in line)
