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
import os
import platform
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

SECRET_KEY = "bench-secret-key-not-for-production-use"


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


def largest_worker_mb(server: subprocess.Popen) -> float:
    """Resident memory of the largest gunicorn worker, in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = [0]
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes += [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")]
    return max(sizes) / 1024


# ── Report ──────────────────────────────────────────────────────────────────────────────────

COLUMNS = f"{'page':<24} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'SQL':>4} "
COLUMNS += f"{'bytes':>8} {'non-2xx':>7} {'1 req ms':>8}  target"


def row(result: Result) -> str:
    if result.kind == FLOOR:
        verdict = "(reference)"
    else:
        verdict = "met" if not result.misses else "MISSED: " + "; ".join(result.misses)
    return (
        f"{result.name:<24} {result.requests_per_second:>7.0f} {result.p50_ms:>8.1f} "
        f"{result.p99_ms:>8.1f} {result.ratio:>6.2f} {result.statements:>4} "
        f"{result.bytes:>8} {result.non_2xx + result.socket_errors:>7} {result.single_ms:>8.1f}"
        f"  {verdict}"
    )


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
        return measure(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace, workdir: Path) -> int:
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
    load = ["demo", "load", "--events", str(args.events)]
    if args.associations:
        load += ["--associations", str(args.associations)]
    started = time.perf_counter()
    flask_command(env, *load)
    generation_seconds = time.perf_counter() - started

    # The pages are served, and counted, as in production.
    env["APP_ENV"] = "production"
    os.environ.update(env)
    from tests.bench.floor_wsgi import app

    results = [Result(page.name, page.path, page.kind) for page in pages(*real_paths(app))]
    count_statements(app, results)

    # Other work on the machine skews every number: the load average says how much there was.
    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_server(env, port, workdir / "gunicorn.log")
    try:
        for result in results:
            run_wrk(f"http://127.0.0.1:{port}", result, args.duration)
        worker_mb = largest_worker_mb(server)
        load_during = os.getloadavg()[1]
    finally:
        server.terminate()
        server.wait(timeout=30)
    judge(results)

    print()
    print(
        f"{dialect} {database_version(app)}, {args.events:,} events, generated in "
        f"{generation_seconds:.1f} s; wrk -t2 -c16 -d{args.duration}s against gunicorn -w 2 on "
        f"{os.cpu_count()} cores; largest worker {worker_mb:.0f} MB; load average "
        f"{load_before:.1f} before, {load_during:.1f} over the last 5 min"
    )
    print(COLUMNS)
    for result in results:
        print(row(result))
    targets = ", ".join(f"{kind} >= {a}/{b}" for kind, (a, b) in RATIO_TARGETS.items())
    print(
        f"targets: req/s of the floor ({targets}); <= {MAX_STATEMENTS} SQL statements; "
        f"event list < {MAX_LIST_BYTES // 1000} KB. non-2xx counts socket errors and timeouts "
        "too; 1 req ms: one request alone, in process"
    )
    print("slowest SQL statements (execute time, in process; the pages' slowest, of 2 requests):")
    for result in sorted(results, key=lambda r: -r.slowest_sql_ms)[:5]:
        if not result.slowest_sql:
            break
        print(f"  {result.slowest_sql_ms:>8.1f} ms  {result.name}: {result.slowest_sql[:150]}")

    report = {
        "dialect": dialect,
        "database_version": database_version(app),
        "events": args.events,
        "associations": args.associations or max(10, args.events // 50),
        "generation_seconds": round(generation_seconds, 1),
        "duration_seconds": args.duration,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "largest_worker_mb": round(worker_mb),
        "load_average_before": round(load_before, 2),
        "load_average_5min_after": round(load_during, 2),
        "pages": [result.as_dict() for result in results],
    }
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
