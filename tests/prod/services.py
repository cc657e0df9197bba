"""The processes of the production topology, each started, stopped and started again by the
check: a PostgreSQL cluster and a Redis server of the check's own, two gunicorn instances and
nginx in front of them, all on free loopback ports, all files in one temporary folder.

PostgreSQL and Redis are the machine's own programs (Debian's packages) run as private servers:
stopping them to prove the app survives it disturbs nobody else using the machine's servers.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE_CONFIG = ROOT / "deploy" / "nginx.conf"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
SERVER_NAME = "events.example.kz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {seconds:.0f} s waiting for {what}")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def stop_group(process: subprocess.Popen | None, sig=signal.SIGTERM, grace: float = 15) -> None:
    """Signal a process's whole group (it was started in a session of its own) and wait."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=grace)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Postgres:
    """A PostgreSQL cluster of the check's own, run as the ``postgres`` user when root."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.data = workdir / "pg" / "data"
        self.sockets = workdir / "pg" / "sockets"
        self.log = workdir / "pg" / "server.log"
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not binaries:
            raise RuntimeError("PostgreSQL's server is not installed (/usr/lib/postgresql)")
        self.bin = binaries[-1].parent
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_owner, *command], check=True, capture_output=True, timeout=120)

    def create(self) -> None:
        self.sockets.mkdir(parents=True)
        if self.as_owner:
            shutil.chown(self.data.parent, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets}"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
            "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


class Redis:
    """A Redis server of the check's own, keeping nothing on disk, like the machine's."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.workdir),
            "--logfile", str(self.workdir / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, start_new_session=True)
        wait_until(lambda: port_open(self.port), 10, "Redis to listen")

    def stop(self) -> None:
        stop_group(self.process)
        self.process = None

    def url(self, db: int = 15) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class Instance:
    """One gunicorn instance (deploy/gunicorn.conf.py), its output in a log file."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.env = {**env, "INSTANCE_NAME": name, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = workdir / f"gunicorn-{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.launch()
        self.wait()

    def launch(self) -> None:
        command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait(self) -> None:
        wait_until(self.answers, 60, f"gunicorn {self.name} to answer /healthz")

    def answers(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"gunicorn {self.name} exited:\n{self.log.read_text()[-3000:]}")
        # The app answers only for its own host (BASE_URL, TRUSTED_HOSTS).
        probe = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/healthz", headers={"Host": SERVER_NAME}
        )
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: a machine that lost the process."""
        stop_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        stop_group(self.process, signal.SIGTERM, grace=40)


def nginx_config(workdir: Path, upstreams: list[int], http_port: int, https_port: int) -> str:
    """deploy/nginx.conf with only its ports, paths and certificate replaced, inside a
    minimal top-level configuration that keeps every file in ``workdir``."""
    site = SITE_CONFIG.read_text()
    replacements = [
        (r"server 127\.0\.0\.1:8001 ", f"server 127.0.0.1:{upstreams[0]} "),
        (r"server 127\.0\.0\.1:8002 ", f"server 127.0.0.1:{upstreams[1]} "),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"\n\s*listen \[::\]:80;", ""),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"\n\s*listen \[::\]:443 ssl http2;", ""),
        (r"ssl_certificate \S+;", f"ssl_certificate {workdir / 'tls.crt'};"),
        (r"ssl_certificate_key \S+;", f"ssl_certificate_key {workdir / 'tls.key'};"),
        (r"set \$app_root \S+;", f"set $app_root {ROOT};"),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        if count != 1:
            raise RuntimeError(f"deploy/nginx.conf: {pattern!r} matched {count} times, not once")
    site = re.sub(r"/var/log/nginx/", f"{workdir}/nginx-", site)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / ('nginx-' + kind)};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 2;
pid {workdir / "nginx.pid"};
error_log {workdir / "nginx-error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
{temp}
{site}
}}
"""


class Nginx:
    def __init__(self, workdir: Path, upstreams: list[int]) -> None:
        self.workdir = workdir
        self.http_port = free_port()
        self.https_port = free_port()
        self.config = workdir / "nginx.conf"
        self.config.write_text(nginx_config(workdir, upstreams, self.http_port, self.https_port))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        base = ["nginx", "-p", str(self.workdir), "-c", str(self.config)]
        tested = subprocess.run([*base, "-t"], capture_output=True, text=True)
        if tested.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{tested.stderr}")
        self.process = subprocess.Popen(
            [*base, "-g", "daemon off;"], start_new_session=True, stderr=subprocess.DEVNULL
        )
        wait_until(lambda: port_open(self.https_port), 10, "nginx to listen")

    def stop(self) -> None:
        stop_group(self.process, signal.SIGQUIT)


def make_certificate(workdir: Path) -> Path:
    """A self-signed certificate for the site's name and 127.0.0.1."""
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(workdir / "tls.key"), "-out", str(workdir / "tls.crt"),
            "-subj", f"/CN={SERVER_NAME}",
            "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    return workdir / "tls.crt"
