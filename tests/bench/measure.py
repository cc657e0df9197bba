"""What ``run.py`` measures and how: the pages, wrk against the server, SQL statements counted in
a separate in-process app on the same database, and the targets each page is judged by."""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import sqlalchemy as sa
from flask import Flask

HERE = Path(__file__).resolve().parent
LUA_REPORT = HERE / "report.lua"

# Kinds of page, each with the share of the floor's requests per second it must reach; a list
# (the event list's HTML) also has a size limit, and every page a limit of SQL statements.
FLOOR, PAGE, LIST, TEXT = "floor", "page", "list", "text"
RATIO_TARGETS = {PAGE: (1, 4), LIST: (1, 3), TEXT: (1, 10)}
MAX_STATEMENTS = 6
MAX_LIST_BYTES = 40_000  # the event list's HTML, not its feeds


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str


def pages(event_path: str, association_path: str, busiest_association_path: str) -> list[Page]:
    """Every page measured, the floor first; the paths of one event and of associations are
    real ones, picked from the database by ``real_paths``."""
    return [
        Page("floor (bare route)", "/bench/floor", FLOOR),
        Page("home", "/kk/", PAGE),
        Page("event list", "/kk/events", LIST),
        Page("list: task", "/kk/events?task=3", LIST),
        Page("list: task+region+text", "/ru/events?task=6&region=KZ-75&q=" + quote("вечер"), TEXT),
        Page("list: task, page 50", "/kk/events?task=1&page=50", LIST),
        Page("event page", event_path, PAGE),
        Page("task page", "/kk/tasks/6", PAGE),
        Page("directory", "/kk/associations", PAGE),
        Page("association page", association_path, PAGE),
        Page("association (busiest)", busiest_association_path, PAGE),
        Page("text search", "/ru/events?q=" + quote("казак"), TEXT),
        Page("feed .ics", "/kk/events.ics?task=6", PAGE),
        Page("feed Atom", "/kk/events.atom?task=6", PAGE),
    ]


@dataclass
class Result:
    name: str
    path: str
    kind: str
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    ratio: float = 0.0  # of the floor's requests per second
    statements: int = 0  # SQL statements of one request, after a first one
    single_ms: float = 0.0  # that request alone, in process: no queue, no network
    sql_ms: float = 0.0  # of which executing SQL (SQLite: until the first row)
    first_statements: int = 0  # the first request's, before any cache is warm
    first_ms: float = 0.0
    # A visitor with a cookie is never served from the page cache: the work behind each page.
    uncached_statements: int = 0
    uncached_ms: float = 0.0  # the median of UNCACHED_REPEATS requests, in process
    bytes: int = 0
    status: int = 0  # of the in-process request
    non_2xx: int = 0
    socket_errors: int = 0  # connect, read and write errors and timeouts together
    slowest_sql_ms: float = 0.0  # of either request
    slowest_sql: str = ""
    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


# ── Picking real pages ──────────────────────────────────────────────────────────────────────


def real_paths(app: Flask) -> tuple[str, str, str]:
    """An upcoming public event, the association with the median number of public events and
    the busiest one, each as the canonical path the app redirects to."""
    from app.extensions import db
    from app.models import Association, Event

    now = datetime.now(UTC)
    with app.app_context():
        public = Event.status.in_(("approved", "cancelled")) & (Association.status == "approved")
        event_ids = db.session.scalars(
            sa.select(Event.id)
            .join(Association, Event.association_id == Association.id)
            .where(public, Event.status == "approved", Event.starts_at > now)
            .order_by(Event.id)
        ).all()
        by_size = db.session.execute(
            sa.select(Association.slug, sa.func.count(Event.id))
            .join(Event, Event.association_id == Association.id)
            .where(public)
            .group_by(Association.slug)
            .order_by(sa.func.count(Event.id), Association.slug)
        ).all()
    if not event_ids or not by_size:
        raise SystemExit("no public events: the data set is too small to measure")
    client = app.test_client()
    event = _canonical(client, f"/kk/events/{event_ids[len(event_ids) // 2]}-event")
    middle = by_size[len(by_size) // 2][0]
    return event, f"/kk/associations/{middle}", f"/kk/associations/{by_size[-1][0]}"


def _canonical(client, path: str) -> str:
    """Where the app sends a visitor of ``path``: an event's address carries its slug."""
    response = client.get(path)
    if response.status_code in (301, 302, 308):
        return urlsplit(response.headers["Location"])._replace(scheme="", netloc="").geturl()
    return path


# ── SQL statements per request, in process ──────────────────────────────────────────────────


UNCACHED_REPEATS = 5


def count_statements(app: Flask, results: list[Result]) -> None:
    """Two requests per page: the first (which warms whatever caches there are) and the one
    wrk's requests resemble, with its statements, time, bytes and status; then a few that the
    page cache does not answer (the targets judge their statements)."""
    from app.extensions import db

    with app.app_context():
        engine = db.engine
    timings: list[tuple[float, str]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        timings.append((time.perf_counter() - conn.info.pop("bench_started"), statement))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    client, with_cookie = app.test_client(), app.test_client()
    with_cookie.set_cookie("bench", "uncached")
    try:
        for result in results:
            timings.clear()
            started = time.perf_counter()
            client.get(result.path)
            result.first_ms = round((time.perf_counter() - started) * 1000, 1)
            result.first_statements = len(timings)
            first_timings = list(timings)
            timings.clear()
            started = time.perf_counter()
            response = client.get(result.path)
            result.single_ms = round((time.perf_counter() - started) * 1000, 1)
            result.statements = len(timings)
            result.sql_ms = round(sum(seconds for seconds, _ in timings) * 1000, 1)
            result.bytes = len(response.data)
            result.status = response.status_code
            cached_timings = first_timings + timings
            uncached_ms = []
            for _ in range(UNCACHED_REPEATS):
                timings.clear()
                started = time.perf_counter()
                with_cookie.get(result.path)
                uncached_ms.append((time.perf_counter() - started) * 1000)
            result.uncached_statements = len(timings)
            result.uncached_ms = round(statistics.median(uncached_ms), 1)
            if timings or cached_timings:
                seconds, statement = max(timings + cached_timings)
                result.slowest_sql_ms = round(seconds * 1000, 1)
                result.slowest_sql = re.sub(r"\s+", " ", statement)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


# ── Throughput and latency with wrk ─────────────────────────────────────────────────────────

BENCH_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


def run_wrk(base_url: str, result: Result, seconds: int) -> None:
    """wrk with 2 threads and 16 connections for ``seconds``; fills in the numbers."""
    # A second of warm-up, so both workers have loaded templates and connected first.
    subprocess.run(
        ["wrk", "-t1", "-c2", "-d1s", "--timeout", "5s", base_url + result.path],
        capture_output=True,
        check=False,
        timeout=30,
    )
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "5s", "--latency"]
    completed = subprocess.run(
        [*command, "-s", str(LUA_REPORT), base_url + result.path],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    match = BENCH_LINE.search(completed.stdout)
    if match is None:
        raise RuntimeError(f"wrk printed no report for {result.path}:\n{completed.stdout}")
    values = {key: float(value) for key, value in (pair.split("=") for pair in match[1].split())}
    result.requests_per_second = values["requests"] / (values["duration_us"] / 1e6)
    result.p50_ms = values["p50_us"] / 1000
    result.p99_ms = values["p99_us"] / 1000
    result.non_2xx = int(values["non_2xx"])
    result.socket_errors = int(sum(values[key] for key in ("connect", "read", "write", "timeout")))


# ── Targets ─────────────────────────────────────────────────────────────────────────────────


def judge(results: list[Result]) -> None:
    """Each page's share of the floor and what it missed, if anything."""
    floor = next(r for r in results if r.kind == FLOOR).requests_per_second or 1.0
    for result in results:
        result.ratio = result.requests_per_second / floor
        if result.kind == FLOOR:
            continue
        needed, of = RATIO_TARGETS[result.kind]
        if result.ratio < needed / of:
            result.misses.append(f"req/s {result.ratio:.2f} < {needed}/{of} of floor")
        statements = max(result.statements, result.uncached_statements)
        if statements > MAX_STATEMENTS:
            result.misses.append(f"{statements} SQL > {MAX_STATEMENTS}")
        if result.kind in (LIST, TEXT) and result.bytes >= MAX_LIST_BYTES:
            result.misses.append(f"{result.bytes // 1000} KB >= {MAX_LIST_BYTES // 1000} KB")
        if not result.requests_per_second:
            result.misses.append("no answer within wrk's 5 s timeout")
        elif result.status != 200 or result.non_2xx or result.socket_errors:
            result.misses.append("errors")
