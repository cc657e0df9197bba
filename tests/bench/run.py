"""Throughput, latency and SQL statements of the public pages at national scale.

    make bench                                   # 100,000 events, SQLite
    make bench BENCH_ARGS="--events 10000"
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench make bench

Builds a scratch database (a SQLite file in a temporary folder; with DATABASE_URL, that
PostgreSQL database, created when missing and emptied first), migrates it, loads the reference
rows and a national-scale demo set, serves the app with gunicorn (2 workers) on a free loopback
port, and measures each page with wrk. A separate in-process app on the same database counts
each page's SQL statements. Prints one table, writes it as JSON, and says which targets each
page meets; a missed target fails the run only with --strict.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.bench.machine import (  # noqa: E402
    largest_worker_mb,
    other_processes_share,
    read_cpu,
)
from tests.bench.measure import (  # noqa: E402
    FLOOR,
    MAX_LIST_BYTES,
    MAX_STATEMENTS,
    RATIO_TARGETS,
    Result,
    count_statements,
    judge,
    pages,
    real_paths,
    run_wrk,
)

SECRET_KEY = secrets.token_hex(32)  # production refuses a guessable one
# Production's settings, for a site measured on loopback (wrk names 127.0.0.1, the in-process
# client localhost).
BASE_URL = "https://events.example.kz"
TRUSTED_HOSTS = "127.0.0.1,localhost"
TEST_DATABASE = "test"  # README's PostgreSQL database for `make test`


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to generate")
    parser.add_argument(
        "--associations", type=int, help="associations to generate [default: events / 50]"
    )
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--json", type=Path, help="[default: instance/bench-<dialect>-<N>.json]")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args()


# ── The scratch database ────────────────────────────────────────────────────────────────────


def scratch_database(workdir: Path) -> str:
    """A SQLite file in ``workdir``, or DATABASE_URL's PostgreSQL database, empty either way."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{workdir / 'bench.db'}"
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    target = sa.make_url(url)
    if target.database == TEST_DATABASE:
        raise SystemExit(
            f"the test suite uses the database {TEST_DATABASE!r} and the bench empties its "
            "own: give it another, e.g. .../bench (created when missing)"
        )
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def flask_command(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", *args], env=env, cwd=ROOT, check=True)


# ── The server ──────────────────────────────────────────────────────────────────────────────


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "tests.bench.floor_wsgi:app"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor", timeout=5):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


# ── Report ──────────────────────────────────────────────────────────────────────────────────

COLUMNS = f"{'page':<24} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'SQL':>4} "
COLUMNS += f"{'bytes':>8} {'non-2xx':>7} {'1 req ms':>8} {'SQL ms':>7} {'cold':>10} "
COLUMNS += f"{'uncached':>10}  target"


def row(result: Result) -> str:
    cold = f"{result.first_statements}/{result.first_ms:.0f}"
    uncached = f"{result.uncached_statements}/{result.uncached_ms:.0f}"
    if result.kind == FLOOR:
        verdict = "(reference)"
    else:
        verdict = "met" if not result.misses else "MISSED: " + "; ".join(result.misses)
    return (
        f"{result.name:<24} {result.requests_per_second:>7.0f} {result.p50_ms:>8.1f} "
        f"{result.p99_ms:>8.1f} {result.ratio:>6.3f} {result.statements:>4} "
        f"{result.bytes:>8} {result.non_2xx + result.socket_errors:>7} {result.single_ms:>8.1f}"
        f" {result.sql_ms:>7.1f} {cold:>10} {uncached:>10}  {verdict}"
    )


def compact(statement: str, length: int = 400) -> str:
    """A statement without its column list, which is long and says little."""
    shorter = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", statement)
    return shorter if len(shorter) <= length else shorter[: length - 1] + "…"


def print_report(summary: dict, results: list[Result]) -> None:
    print()
    print(
        f"{summary['dialect']} {summary['database_version']}, {summary['events']:,} events and "
        f"{summary['associations']:,} associations, generated in "
        f"{summary['generation_seconds']:.1f} s; wrk -t2 -c16 -d{summary['duration_seconds']}s "
        f"against gunicorn -w 2 on {summary['cpus']} cores; largest worker "
        f"{summary['largest_worker_mb']} MB; other processes took "
        f"{summary['other_processes_cpu_share']:.0%} of the CPU meanwhile"
    )
    print(COLUMNS)
    for result in results:
        print(row(result))
    targets = ", ".join(f"{kind} >= {a}/{b}" for kind, (a, b) in RATIO_TARGETS.items())
    print(
        f"targets: req/s of the floor ({targets}); <= {MAX_STATEMENTS} SQL statements; "
        f"event list < {MAX_LIST_BYTES // 1000} KB. non-2xx counts socket errors and timeouts "
        "too; 1 req ms: one request alone, in process, after a first one; SQL ms: of which "
        "executing SQL; cold: the first request's statements/ms; uncached: statements/median ms "
        "of requests the page cache does not answer (a visitor with a cookie)"
    )
    print("slowest SQL statements (execute time, in process; the pages' slowest, of 2 requests):")
    for result in sorted(results, key=lambda r: -r.slowest_sql_ms)[:5]:
        if not result.slowest_sql:
            break
        print(f"  {result.slowest_sql_ms:>8.1f} ms  {result.name}: {compact(result.slowest_sql)}")


def database_version(app) -> str:
    from app.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            return db.session.scalar(sa.text("SHOW server_version"))
        return db.session.scalar(sa.text("SELECT sqlite_version()"))


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        return run_bench(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_bench(args: argparse.Namespace, workdir: Path) -> int:
    associations = args.associations or max(10, args.events // 50)  # as flask demo load does
    url = scratch_database(workdir)
    dialect = sa.make_url(url).get_backend_name()
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "INSTANCE_DIR": str(workdir),
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "APP_ENV": "development",  # the demo data refuses production
    }
    flask_command(env, "db", "upgrade")
    flask_command(env, "reference", "load")
    started = time.perf_counter()
    flask_command(
        env, "demo", "load", "--events", str(args.events), "--associations", str(associations)
    )
    generation_seconds = time.perf_counter() - started

    # The pages are served, and counted, as in production.
    env.update(APP_ENV="production", BASE_URL=BASE_URL, TRUSTED_HOSTS=TRUSTED_HOSTS)
    os.environ.update(env)
    from tests.bench.floor_wsgi import app

    # The in-process requests' access lines would bury the report.
    logging.getLogger("app.access").setLevel(logging.WARNING)

    results = [Result(page.name, page.path, page.kind) for page in pages(*real_paths(app))]
    count_statements(app, results)

    port = free_port()
    server = start_server(env, port, workdir / "gunicorn.log")
    try:
        # Other work on the machine skews every number: say how much CPU it took meanwhile.
        cpu_before = read_cpu(server)
        for result in results:
            run_wrk(f"http://127.0.0.1:{port}", result, args.duration)
        others_share = other_processes_share(cpu_before, read_cpu(server))
        worker_mb = largest_worker_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    judge(results)
    summary = {
        "dialect": dialect,
        "database_version": database_version(app),
        "events": args.events,
        "associations": associations,
        "generation_seconds": round(generation_seconds, 1),
        "duration_seconds": args.duration,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "largest_worker_mb": round(worker_mb),
        "other_processes_cpu_share": round(others_share, 3),
    }
    print_report(summary, results)
    report = {**summary, "pages": [result.as_dict() for result in results]}
    path = args.json or ROOT / "instance" / f"bench-{dialect}-{args.events}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"written to {path}")
    missed = [result.name for result in results if result.misses]
    if missed:
        print(f"targets missed by {len(missed)} of {len(results) - 1} pages")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
