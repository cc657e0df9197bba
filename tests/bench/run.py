"""Speed and memory targets, measured against gunicorn on loopback with the demo data.

    make bench

Loads the demo data into a scratch SQLite database, starts gunicorn (2 workers) on a free
loopback port, sends a bounded number of requests per page from a few threads, and prints
throughput, median and 95th-percentile latency and the workers' memory. Exits 1 when a target
is missed. Loopback only; every loop is bounded.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "/kk/",
    "/kk/events",
    "/ru/events?task=6&region=KZ-75",
    "/en/events?q=" + quote("Наурыз"),
    "/kk/tasks/6",
    "/kk/associations",
    "/kk/events.ics?task=6",
    "/ru/events.atom",
]
REQUESTS_PER_PAGE = 200
CONCURRENCY = 8
P95_TARGET_MS = 250
RSS_TARGET_MB = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env, *args):
    subprocess.run(
        [sys.executable, "-m", "flask", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed_get(port: int, path: str) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def rss_mb(pid: int) -> float:
    total = 0
    for child in [
        pid,
        *map(
            int,
            subprocess.run(
                ["pgrep", "-P", str(pid)], capture_output=True, text=True
            ).stdout.split(),
        ),
    ]:
        status = Path(f"/proc/{child}/status").read_text()
        rss_line = next(line for line in status.splitlines() if line.startswith("VmRSS"))
        total = max(total, int(rss_line.split()[1]))
    return total / 1024


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "INSTANCE_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "SECRET_KEY": "bench",
    }
    for command in (["db", "upgrade"], ["reference", "load"], ["demo", "load"]):
        flask(env, *command)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    failed = False
    try:
        for _ in range(100):
            try:
                timed_get(port, "/kk/")
                break
            except OSError:
                time.sleep(0.1)
        print(f"{'page':38} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
        for path in PAGES:
            for _ in range(10):
                timed_get(port, path)  # warm the caches
            started = time.perf_counter()
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                latencies = list(
                    pool.map(timed_get, [port] * REQUESTS_PER_PAGE, [path] * REQUESTS_PER_PAGE)
                )
            elapsed = time.perf_counter() - started
            p95 = statistics.quantiles(latencies, n=20)[-1]
            flag = "" if p95 <= P95_TARGET_MS else "  <- over target"
            failed |= bool(flag)
            print(
                f"{path:38} {REQUESTS_PER_PAGE / elapsed:7.0f} "
                f"{statistics.median(latencies):7.1f} {p95:7.1f}{flag}"
            )
        memory = rss_mb(server.pid)
        print(
            f"largest process: {memory:.0f} MB (target {RSS_TARGET_MB} MB); "
            f"p95 target {P95_TARGET_MS} ms at {CONCURRENCY} concurrent requests"
        )
        failed |= memory > RSS_TARGET_MB
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("FAILED: a target was missed" if failed else "all targets met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
