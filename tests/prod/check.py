"""make prod-check: the production topology on loopback, proven one check at a time.

    make prod-check
    PROD_CHECK_LOAD_SECONDS=10 PROD_CHECK_LOAD_CONNECTIONS=10 make prod-check   # a quick run

Starts PostgreSQL and Redis servers of its own (the machine's programs, on free ports: stopping
them disturbs nobody), migrates the database ``prodcheck`` with ``flask db upgrade`` and
``flask reference load``, creates a moderator with ``flask users create``, starts two gunicorn
instances (deploy/gunicorn.conf.py, APP_ENV=production) and nginx (deploy/nginx.conf, with TLS
by a throwaway certificate) in front of them. Then: a whole journey through nginx; rate limits
and cache shared by both instances; an instance killed under load; PostgreSQL and Redis
stopped and started again; a minute of load on the public list and on event submission.

Prints one line per check, PASS or FAIL, and exits 1 if any failed. Stops everything it started,
also on failure. Environment: PROD_CHECK_LOAD_SECONDS (60), PROD_CHECK_LOAD_CONNECTIONS (50),
PROD_CHECK_KILL_SECONDS (10): the load phases; PROD_CHECK_KEEP=1 keeps the temporary folder
with every log; PROD_CHECK_VERBOSE=1 prints the traceback of a check that raised.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from icalendar import Calendar  # noqa: E402

from tests.prod.client import Client  # noqa: E402
from tests.prod.journey import (  # noqa: E402
    approve,
    confirmation_path,
    event_form,
    log_in,
    queue_item,
    reference_ids,
    registration_form,
)
from tests.prod.services import SERVER_NAME, wait_until  # noqa: E402
from tests.prod.topology import MODERATOR, PER_ACCOUNT_LIMIT, Topology  # noqa: E402

LOAD_SECONDS = int(os.environ.get("PROD_CHECK_LOAD_SECONDS", "60"))
LOAD_CONNECTIONS = int(os.environ.get("PROD_CHECK_LOAD_CONNECTIONS", "50"))
KILL_SECONDS = int(os.environ.get("PROD_CHECK_KILL_SECONDS", "10"))
WRK_REPORT = Path(__file__).with_name("wrk_report.lua")
PASSWORD = "journey password 2026"


class Report:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def line(self, name: str, ok: bool, detail: str = "") -> bool:
        verdict = "PASS" if ok else "FAIL"
        print(f"{verdict}  {name}" + (f" — {detail}" if detail else ""), flush=True)
        if not ok:
            self.failed.append(name)
        return ok

    def run(self, name: str, check: Callable[[], None]) -> None:
        """Run a group of checks; one that raises is a FAIL line, and the next group runs."""
        try:
            check()
        except Exception as error:
            detail = f"{type(error).__name__}: {error}".strip()
            self.line(name, False, detail.splitlines()[0] if detail else repr(error))
            if os.environ.get("PROD_CHECK_VERBOSE"):
                traceback.print_exc()


class Checks:
    def __init__(self, topology: Topology, report: Report) -> None:
        self.t = topology
        self.report = report
        self.run_id = secrets.token_hex(3)
        self.ids = reference_ids(topology.database())
        self.association: Client | None = None
        self.moderator: Client | None = None
        self.email = f"chair-{self.run_id}@example.kz"

    # ── a. The journey ──────────────────────────────────────────────────────────────────────

    def journey(self) -> None:
        served: Counter[str] = Counter()

        def seen(response, expected: int, step: str):
            served[response.served_by] += 1
            assert response.status == expected, f"{step}: {response.status}, not {expected}"
            return response

        name = f"Общество дружбы {self.run_id}"
        title = f"Вечер дружбы {self.run_id}"
        volunteer = self.t.client()
        signed_up = volunteer.submit(
            "/en/auth/register", registration_form(self.email, PASSWORD, name, self.ids)
        )
        seen(signed_up, 200, "sign-up")
        confirm = seen(volunteer.get(confirmation_path(self.t.mail(), self.email)), 302, "link")
        assert "/auth/login" in confirm.header("Location"), confirm.header("Location")
        seen(log_in(volunteer, self.email, PASSWORD), 302, "association log-in")

        moderator = self.t.client()
        seen(log_in(moderator, *MODERATOR), 302, "moderator log-in")
        association_id = queue_item(moderator, "association", name)
        seen(approve(moderator, "association", association_id), 303, "association approved")

        submitted = volunteer.submit("/en/dashboard/events/new", event_form(title, self.ids))
        seen(submitted, 302, "event submitted")
        event_id = queue_item(moderator, "event", title)
        seen(approve(moderator, "event", event_id), 303, "event approved")

        visitor = self.t.client()
        listed = seen(visitor.get("/en/events"), 200, "public list")
        assert title in listed.text, "the approved event is not on the public list"
        feed = seen(visitor.get("/en/events.ics"), 200, "calendar feed")
        summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.body).walk("VEVENT")]
        assert title in summaries, "the approved event is not in the .ics feed"
        self.association, self.moderator = volunteer, moderator
        self.report.line(
            "a. journey through nginx",
            True,
            "sign-up, confirmation link from the mail, moderator approves the association, "
            "event submitted and approved, on /en/events and in /en/events.ics",
        )
        lines = {i.name: self.t.access_lines(i) for i in self.t.instances}
        self.report.line(
            "a. requests landed on both instances",
            served["a"] > 0 and served["b"] > 0 and all(lines.values()),
            f"X-Served-By {dict(served)}; access lines in each instance's log {lines}",
        )

    # ── b. What both instances share ────────────────────────────────────────────────────────

    def shared_rate_limit(self) -> None:
        client = self.t.client()
        token = client.get("/en/auth/login").hidden("csrf_token")
        statuses, served = [], []
        for _ in range(PER_ACCOUNT_LIMIT + 1):
            form = {
                "email": f"nobody-{self.run_id}@example.kz",
                "password": "not the password",
                "csrf_token": token,
            }
            answer = client.post("/en/auth/login", form)
            statuses.append(answer.status)
            served.append(answer.served_by)
        allowed, last = statuses[:-1], statuses[-1]
        self.report.line(
            f"b. log-in limit ({PER_ACCOUNT_LIMIT} per minute) counted across both instances",
            all(s != 429 and s < 500 for s in allowed)
            and last == 429
            and {"a", "b"} <= set(served[:-1]),
            f"statuses {statuses}, served by {served}",
        )

    def shared_cache(self) -> None:
        assert self.association and self.moderator, "the journey did not finish"
        first, second = self.t.instances
        title = f"Общий кэш {self.run_id}"
        submitted = self.association.submit("/en/dashboard/events/new", event_form(title, self.ids))
        assert submitted.status == 302, f"event submitted: {submitted.status}"
        on_second = self.t.direct(second)
        for client in (self.t.direct(first), on_second):
            for _ in range(2):  # the second answer comes from the shared page cache
                page = client.get("/en/events")
                assert page.status == 200 and title not in page.text
        moderator_on_first = self.t.direct(first)
        moderator_on_first.cookies = dict(self.moderator.cookies)
        item_id = queue_item(moderator_on_first, "event", title)
        decision = approve(moderator_on_first, "event", item_id)
        assert decision.status == 303, f"approval on instance a: {decision.status}"
        after = on_second.get("/en/events")
        self.report.line(
            "b. a decision on instance a shows on the next anonymous request to instance b",
            after.status == 200 and title in after.text and after.served_by == second.name,
            f"status {after.status}, served by {after.served_by}",
        )

    # ── c. An instance killed under load ────────────────────────────────────────────────────

    def killed_instance(self) -> None:
        """nginx retries a request on the other instance while it can: when the connection is
        refused or reset before any answer came. An answer the dead instance had already begun
        to send is cut short: nginx has passed its first bytes on and cannot start again. At
        most one such answer per worker of the killed instance; every other request must
        succeed."""
        victim, survivor = self.t.instances[1], self.t.instances[0]
        error_log = self.t.workdir / "nginx-assembly-events.error.log"
        offset = error_log.stat().st_size
        workers = victim.log.read_text(errors="replace").count("Booting worker")
        load = start_wrk(self.t.site + "/en/events", KILL_SECONDS, 16)
        time.sleep(KILL_SECONDS / 3)
        victim.kill()
        result = finish_wrk(load)
        logged = [
            line
            for line in error_log.read_bytes()[offset:].decode(errors="replace").splitlines()
            if f"127.0.0.1:{victim.port}" in line and "[error]" in line
        ]
        cut = sum("while reading upstream" in line for line in logged)
        retried = len(logged) - cut
        failed = wrk_errors(result)
        self.report.line(
            f"c. instance {victim.name} killed (SIGKILL) under load: no request lost that nginx "
            f"could retry on {survivor.name}",
            result["requests"] > 0 and failed <= cut <= workers,
            f"{result['requests']:.0f} requests in {KILL_SECONDS} s; {retried} retried on "
            f"{survivor.name}; {cut} answers already under way from {victim.name} cut short "
            f"(at most one per worker: {workers}); {failed} failed",
        )
        victim.start()
        visitor = self.t.client()
        wait_until(
            lambda: visitor.get("/healthz").served_by == victim.name, 30, "nginx to use it again"
        )
        self.report.line(f"c. instance {victim.name} restarted and back behind nginx", True)

    def readyz_names_the_failure(self, label: str, service: str) -> None:
        """Both instances' /readyz answer 503 and name ``service`` as failed."""
        probes = [self.t.direct(i).get("/readyz") for i in self.t.instances]
        self.report.line(
            f"{label}: /readyz answers 503 naming the {service} on both",
            all(p.status == 503 and f'"{service}":"failed' in compact(p.text) for p in probes),
            "; ".join(f"{p.status} in {p.seconds:.2f} s {compact(p.text)}" for p in probes),
        )

    # ── d. PostgreSQL restarted ─────────────────────────────────────────────────────────────

    def postgres_restart(self) -> None:
        assert self.association is not None
        self.t.postgres.stop()
        try:
            self.readyz_names_the_failure("d. PostgreSQL stopped", "database")
            pages = [
                self.t.client().get(f"/en/events?q=down{self.run_id}"),
                self.t.client().get(f"/en/events?q=down{self.run_id}"),
                self.association.get("/en/dashboard"),
            ]
            self.report.line(
                "d. PostgreSQL stopped: pages answer the 503 page at once, no hang",
                all(p.status == 503 and p.seconds < 10 for p in pages)
                and all("text/html" in p.header("Content-Type") for p in pages),
                ", ".join(f"{p.status} in {p.seconds:.2f} s" for p in pages),
            )
        finally:
            self.t.postgres.start()
        direct = [self.t.direct(i) for i in self.t.instances]
        started = time.monotonic()
        wait_until(lambda: all(c.get("/readyz").status == 200 for c in direct), 30, "/readyz 200")
        pages = [c.get(f"/en/events?q=back{self.run_id}") for c in direct]
        dashboard = self.association.get("/en/dashboard")
        self.report.line(
            "d. PostgreSQL started again: both instances answer without a restart",
            all(p.status == 200 for p in pages) and dashboard.status == 200,
            f"ready after {time.monotonic() - started:.1f} s; lists "
            f"{[p.status for p in pages]}, dashboard {dashboard.status}",
        )

    # ── e. Redis stopped ────────────────────────────────────────────────────────────────────

    def redis_stopped(self) -> None:
        self.t.redis.stop()
        try:
            self.readyz_names_the_failure("e. Redis stopped", "redis")
            visitor = self.t.client()
            paths = ["/en/", "/en/events", "/en/events.ics", "/en/associations"] * 2
            statuses = {path: visitor.get(path).status for path in paths}
            self.report.line(
                "e. Redis stopped: public pages answer 200",
                set(statuses.values()) == {200},
                str(statuses),
            )
            client = self.t.client()
            token = client.get("/en/auth/login").hidden("csrf_token")
            attempts = []
            for _ in range(PER_ACCOUNT_LIMIT + 2):
                form = {"email": self.email, "password": "not the password", "csrf_token": token}
                attempts.append(client.post("/en/auth/login", form).status)
            moderator = log_in(self.t.client(), *MODERATOR).status
            self.report.line(
                "e. Redis stopped: log-in POSTs never 500 (limits counted in memory)",
                all(s in (200, 429) for s in attempts) and moderator == 302,
                f"wrong password {attempts}, moderator log-in {moderator}",
            )
        finally:
            self.t.redis.start()
        direct = [self.t.direct(i) for i in self.t.instances]
        wait_until(lambda: all(c.get("/readyz").status == 200 for c in direct), 30, "/readyz 200")
        self.report.line("e. Redis started again: /readyz 200 on both instances", True)

    # ── f. A minute of load ─────────────────────────────────────────────────────────────────

    def load(self) -> None:
        assert self.association is not None
        token = self.association.get("/en/dashboard/events/new").hidden("csrf_token")
        cookies = dict(self.association.cookies)
        prefix = f"Нагрузка {self.run_id}"
        accepted: list[str] = []
        errors: list[str] = []
        deadline = time.monotonic() + LOAD_SECONDS
        lock = threading.Lock()

        def submitter(number: int) -> None:
            client = self.t.client()
            client.cookies, client.keep_cookies = dict(cookies), False
            sent = 0
            while time.monotonic() < deadline:
                title = f"{prefix} {number}-{sent}"
                sent += 1
                form = {**event_form(title, self.ids), "csrf_token": token}
                try:
                    status = client.post("/en/dashboard/events/new", form).status
                except Exception as error:
                    status = f"{type(error).__name__}"
                with lock:
                    (accepted.append(title) if status == 302 else errors.append(str(status)))

        wrk = start_wrk(self.t.site + "/en/events", LOAD_SECONDS, LOAD_CONNECTIONS)
        threads = [threading.Thread(target=submitter, args=(n,)) for n in range(LOAD_CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = finish_wrk(wrk)
        self.report.line(
            f"f. public list, {LOAD_CONNECTIONS} connections for {LOAD_SECONDS} s (wrk)",
            result["requests"] > 0 and wrk_errors(result) == 0,
            f"{result['requests']} requests, {wrk_errors(result)} errors, "
            f"p99 {result['p99_ms']:.0f} ms",
        )
        with self.t.database().connect() as connection:
            stored = dict(
                connection.execute(
                    sa.text(
                        "SELECT title_ru, count(*) FROM events WHERE title_ru LIKE :prefix "
                        "GROUP BY title_ru"
                    ),
                    {"prefix": prefix + " %"},
                ).all()
            )
        once = all(stored.get(title) == 1 for title in accepted) and set(stored) == set(accepted)
        self.report.line(
            f"f. event submission, {LOAD_CONNECTIONS} logged-in clients for {LOAD_SECONDS} s",
            bool(accepted) and not errors and once,
            f"{len(accepted)} accepted, {len(errors)} errors {Counter(errors).most_common(3)}; "
            f"{len(stored)} stored, each accepted one exactly once: {once}",
        )

    # ── nginx itself ────────────────────────────────────────────────────────────────────────

    def nginx(self) -> None:
        assert self.t.nginx is not None
        plain = Client(self.t.nginx.http_port).get("/en/events", headers={})
        self.report.line(
            "nginx: plain http redirects to https",
            plain.status == 301 and plain.header("Location") == f"https://{SERVER_NAME}/en/events",
            f"{plain.status} {plain.header('Location')}",
        )
        visitor = self.t.client()
        home = visitor.get("/en/")
        asset = re.search(r'href="(/static/css/site\.css\?v=[^"]+)"', home.text)
        assert asset, "the home page links no fingerprinted stylesheet"
        css = visitor.get(asset.group(1).replace("&amp;", "&"), headers={"Accept-Encoding": "gzip"})
        self.report.line(
            "nginx: fingerprinted static files cached for a year, gzipped, not sent to gunicorn",
            css.status == 200
            and "immutable" in css.header("Cache-Control")
            and css.header("Content-Encoding") == "gzip"
            and not css.served_by,
            f"{css.status} {css.header('Cache-Control')!r} {css.header('Content-Encoding')!r}",
        )
        request_id = home.header("X-Request-ID")
        logs = [self.t.workdir / "nginx-assembly-events.access.log"]
        logs += [i.log for i in self.t.instances]
        found = [request_id in path.read_text(errors="replace") for path in logs]
        self.report.line(
            "nginx: its $request_id reaches the app (X-Request-ID) and both logs",
            bool(re.fullmatch(r"[0-9a-f]{32}", request_id)) and found[0] and any(found[1:]),
            f"{request_id or 'no X-Request-ID'}; in nginx's log {found[0]}, "
            f"in an instance's log {any(found[1:])}",
        )
        big = visitor.post("/en/auth/login", {"email": "x" * (3 * 1024 * 1024)})
        self.report.line(
            "nginx: a request over 2 MB is refused before it reaches gunicorn",
            big.status == 413 and not big.served_by,
            f"{big.status}",
        )


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def start_wrk(url: str, seconds: int, connections: int) -> subprocess.Popen:
    """wrk on ``url`` through nginx; a request counts as failed after 30 s, as gunicorn's
    worker timeout and nginx's read timeout would fail it."""
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
        "-H", f"Host: {SERVER_NAME}", "-s", str(WRK_REPORT), url,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_wrk(process: subprocess.Popen) -> dict[str, float]:
    output, _ = process.communicate(timeout=600)
    match = re.search(r"^PRODCHECK (.*)$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no report:\n{output}")
    return {key: float(value) for key, value in (p.split("=") for p in match.group(1).split())}


def wrk_errors(result: dict[str, float]) -> int:
    keys = ("non_2xx_3xx", "connect", "read", "write", "timeout")
    return int(sum(result[key] for key in keys))


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)  # runs the finally blocks, which stop what was started


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    for program in ("nginx", "wrk", "redis-server", "openssl"):
        if shutil.which(program) is None:
            raise SystemExit(f"{program} is missing (make prod-check installs nginx and wrk)")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="prodcheck-"))
    workdir.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    report = Report()
    topology = Topology(workdir)
    try:
        report.run("the topology starts", topology.start)
        if not report.failed:
            print(
                f"started: nginx {topology.site} → gunicorn a :{topology.instances[0].port}, "
                f"b :{topology.instances[1].port}; PostgreSQL :{topology.postgres.port}, "
                f"Redis :{topology.redis.port}; in {time.monotonic() - started:.0f} s",
                flush=True,
            )
            checks = Checks(topology, report)
            for name, check in [
                ("a. journey through nginx", checks.journey),
                ("nginx", checks.nginx),
                ("b. shared rate limit", checks.shared_rate_limit),
                ("b. shared cache", checks.shared_cache),
                ("c. instance killed under load", checks.killed_instance),
                ("d. PostgreSQL restarted", checks.postgres_restart),
                ("e. Redis stopped", checks.redis_stopped),
                ("f. load", checks.load),
            ]:
                report.run(name, check)
    finally:
        topology.stop()
        if os.environ.get("PROD_CHECK_KEEP") or report.failed:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    verdict = f"{len(report.failed)} failed" if report.failed else "all passed"
    print(f"prod-check: {verdict} in {time.monotonic() - started:.0f} s")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
