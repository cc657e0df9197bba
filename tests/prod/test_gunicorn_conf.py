"""deploy/gunicorn.conf.py, run for real: a configuration error stops it at once, and a good
configuration serves, names its instance and stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
APP_SETTINGS = ("APP_ENV", "SECRET_KEY", "BASE_URL", "DATABASE_URL", "INSTANCE_DIR")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(tmp_path: Path, **settings: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in APP_SETTINGS}
    env.update(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        INSTANCE_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}",
        **settings,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONFIG)],
        env=env,
        cwd=tmp_path,  # the configuration finds the project itself
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    return process, port


def test_a_missing_secret_key_in_production_stops_gunicorn_at_once(tmp_path):
    started = time.monotonic()
    process, _ = gunicorn(tmp_path, APP_ENV="production", BASE_URL="https://events.example.kz")
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError("gunicorn kept running without SECRET_KEY") from None
    assert process.returncode != 0
    assert time.monotonic() - started < 15
    assert "SECRET_KEY must be set" in output
    assert "Booting worker" not in output  # the master stopped before starting any


def test_gunicorn_serves_names_its_instance_and_stops_on_sigterm(tmp_path):
    process, port = gunicorn(tmp_path, APP_ENV="development", INSTANCE_NAME="one")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    assert r.headers["X-Served-By"] == "one"
                    break
            except OSError:
                assert process.poll() is None, process.communicate()[0]
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=40)
        assert process.returncode == 0, output
        # One access line per request, the app's; gunicorn's own access log is off.
        assert '"GET /healthz HTTP/1.1"' not in output
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
