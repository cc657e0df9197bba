"""Logs as JSON lines on stdout, an id for every request, and one access line per request.

Each line is one JSON object (time, level, logger, message and, inside a request, its id), so a
log collector needs no parsing rules. The id comes from the proxy in front (nginx sets
``X-Request-ID``) or is made here; the answer carries it back, and the 500 page shows it, so
what a user quotes leads to the lines of that request.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, has_request_context, request
from flask.logging import default_handler
from werkzeug.wsgi import get_path_info

REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits. Anything longer or stranger is not taken from a
# client: it could break log lines or pass itself off as another request's id.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# URL parts that are credentials (the links of confirmation and password-reset mails): the
# access log shows a placeholder instead.
SECRET_URL_VALUES = ("token",)
REDACTED = "[redacted]"

_REQUEST_ID_KEY = "app.request_id"
_LOGGED_PATH_KEY = "app.logged_path"
# Fields beyond time, level, logger and message that a record may carry (``extra=``).
_EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms")

access_log = logging.getLogger("app.access")


def request_id() -> str:
    """The current request's id (set by the access log around the app, made here otherwise)."""
    environ = request.environ
    if _REQUEST_ID_KEY not in environ:
        environ[_REQUEST_ID_KEY] = _incoming_or_new(environ.get("HTTP_X_REQUEST_ID"))
    return environ[_REQUEST_ID_KEY]


def _incoming_or_new(incoming: str | None) -> str:
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _add_request_id(record: logging.LogRecord) -> bool:
    if not hasattr(record, "request_id") and has_request_context():
        record.request_id = request_id()
    return True


class JsonLinesHandler(logging.StreamHandler):
    """JSON lines on stdout, as it is at each write: servers and test runners replace it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.addFilter(_add_request_id)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:
        pass


# Libraries that describe their own start-up at INFO, a dozen lines per command.
QUIET_LOGGERS = ("alembic.runtime.plugins",)


def configure_logging(level: int = logging.INFO) -> None:
    """Every logger's lines as JSON on stdout; installed once, however many apps are made."""
    root = logging.getLogger()
    if any(isinstance(handler, JsonLinesHandler) for handler in root.handlers):
        return
    root.addHandler(JsonLinesHandler())
    root.setLevel(level)
    for chatty in QUIET_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)


class AccessLog:
    """WSGI middleware around the whole app: it sees every answer, even one that failed inside
    Flask, and the id header it adds is never kept in the page cache with a stored page."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        rid = environ[_REQUEST_ID_KEY] = _incoming_or_new(environ.get("HTTP_X_REQUEST_ID"))
        status = [500]  # until the app answers

        def start_with_id(status_line, headers, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            headers.append((REQUEST_ID_HEADER, rid))
            return start_response(status_line, headers, exc_info)

        try:
            return self.wsgi_app(environ, start_with_id)
        finally:
            # Measured until the body is ready; a streamed body's sending is not counted.
            method = environ.get("REQUEST_METHOD", "")
            path = environ.get(_LOGGED_PATH_KEY) or get_path_info(environ)
            access_log.info(
                "%s %s %s",
                method,
                path,
                status[0],
                extra={
                    "request_id": rid,
                    "method": method,
                    "path": path,  # never the query string, which may carry what users typed
                    "status": status[0],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


def _hide_secret_url_values(endpoint: str | None, values: dict[str, Any] | None) -> None:
    secrets = [str(values[name]) for name in SECRET_URL_VALUES if values and name in values]
    if secrets:
        path = request.path
        for secret in secrets:
            path = path.replace(secret, REDACTED)
        request.environ[_LOGGED_PATH_KEY] = path


def init_app(app: Flask) -> None:
    configure_logging()
    # Flask's own handler would write every app line a second time, as plain text on stderr.
    app.logger.removeHandler(default_handler)
    app.url_value_preprocessor(_hide_secret_url_values)
    app.wsgi_app = AccessLog(app.wsgi_app)
