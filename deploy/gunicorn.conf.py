"""gunicorn settings for one instance of Assembly Events behind nginx.

    gunicorn -c deploy/gunicorn.conf.py

Environment (all optional): GUNICORN_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default
WEB_CONCURRENCY, else 2 × cores + 1), GUNICORN_TIMEOUT (seconds, default 30), INSTANCE_NAME
(when set, every answer carries ``X-Served-By: <name>``, to see which instance served it).
The app reads its own settings (DATABASE_URL, SECRET_KEY, …) from the same environment.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

wsgi_app = "wsgi:app"
chdir = str(Path(__file__).resolve().parent.parent)

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(
    os.environ.get("GUNICORN_WORKERS")
    or os.environ.get("WEB_CONCURRENCY")
    or multiprocessing.cpu_count() * 2 + 1
)
worker_class = "sync"  # nginx buffers slow clients; each worker serves one request at a time

# The app is imported once, in the master, before any worker starts: a configuration error
# (no SECRET_KEY in production, say) stops the master with a non-zero exit and one readable
# line, instead of workers that fail to boot being started again forever.
preload_app = True

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on SIGTERM, requests in flight get this long to finish
# A worker is replaced after this many requests (with jitter, so not all at once): memory that
# creeps up never grows without bound.
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-Proto and X-Forwarded-For from the local nginx only.
forwarded_allow_ips = "127.0.0.1,::1"

# The app logs each request itself; gunicorn's own messages go to stderr (the journal).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

instance_name = os.environ.get("INSTANCE_NAME", "")
proc_name = f"assembly-events-{instance_name}" if instance_name else "assembly-events"

# gunicorn 25.1+ opens a control socket at one path per user: two instances would fight over
# it. systemd manages the instances (reload: SIGHUP; more workers: GUNICORN_WORKERS).
control_socket_disable = True

if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"  # the heartbeat file: on disk it can stall on a busy disk


def post_worker_init(worker) -> None:
    """In each worker, before it serves: no database connection shared with the master, and
    the ``X-Served-By`` header when INSTANCE_NAME is set."""
    application = worker.wsgi
    if hasattr(application, "app_context"):
        from app.extensions import db

        # Connections opened in the master before the fork must not be shared by workers.
        with application.app_context():
            db.engine.dispose(close=False)
    if instance_name:
        worker.wsgi = _served_by(application, instance_name)


def _served_by(application, name: str):
    def served_by(environ, start_response):
        def start(status, headers, exc_info=None):
            headers.append(("X-Served-By", name))
            return start_response(status, headers, exc_info)

        return application(environ, start)

    return served_by
