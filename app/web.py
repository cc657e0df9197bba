"""Responses shared by every feature: full page or htmx fragment, security headers, errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from htmx_flask import request as htmx_request
from markupsafe import escape
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    SecurityError,
    ServiceUnavailable,
)
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db
from app.i18n import current_language
from app.logs import request_id

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def is_htmx() -> bool:
    """An htmx request that wants a fragment (history restores want the whole page)."""
    return bool(htmx_request.htmx) and not htmx_request.htmx.history_restore_request


def wants_fragment(fragment: str | None) -> bool:
    """htmx asks for the element with the fragment's id (or names no target)."""
    if not fragment or not is_htmx():
        return False
    target = htmx_request.htmx.target
    return target is None or target == fragment


def render(template: str, fragment: str | None = None, status: int = 200, **context: Any):
    """Render the whole page, or only its ``fragment`` block for an htmx request aimed at it.

    The page template contains the block, whose element carries the block's name as its id,
    so both answers come from one template.
    """
    if wants_fragment(fragment):
        jinja_template = current_app.jinja_env.get_or_select_template(template)
        current_app.update_template_context(context)
        body = "".join(jinja_template.blocks[fragment](jinja_template.new_context(context)))
    else:
        body = render_template(template, **context)
    response = current_app.make_response((body, status))
    response.vary.add("HX-Request")
    response.vary.add("HX-Target")
    if status >= 400 and is_htmx():
        # htmx swaps error answers too (base.html's htmx-config). An error is no address to
        # keep in the history; and out of a whole page htmx must take only the element it
        # aimed at, or it would put the page inside that element.
        response.headers["HX-Push-Url"] = "false"
        if not wants_fragment(fragment) and htmx_request.htmx.target:
            response.headers["HX-Reselect"] = f"#{htmx_request.htmx.target}"
    return response


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["HSTS_ENABLED"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


@dataclass(frozen=True)
class ErrorText:
    title: Any  # lazy strings: translated into the request's language when shown
    message: Any


ERROR_TEXTS = {
    400: ErrorText(_l("Bad request"), _l("The request could not be understood.")),
    403: ErrorText(_l("Access denied"), _l("You do not have permission to open this page.")),
    404: ErrorText(_l("Page not found"), _l("There is no page at this address.")),
    405: ErrorText(
        _l("Not possible at this address"),
        _l(
            "This address does not accept this kind of request. "
            "Go back and use the links and buttons on the page."
        ),
    ),
    409: ErrorText(
        _l("This cannot be done now"),
        _l(
            "It was changed while you were looking at it, or it cannot be changed this way "
            "now. Nothing was saved: reload the page to see it as it is now."
        ),
    ),
    413: ErrorText(
        _l("Too much data"),
        _l("What you sent is larger than this site accepts. Shorten the text and try again."),
    ),
    429: ErrorText(_l("Too many attempts"), _l("Please wait a little and try again.")),
    500: ErrorText(
        _l("Something went wrong"), _l("The error has been logged. Please try again later.")
    ),
    503: ErrorText(
        _l("Temporarily unavailable"),
        _l("The site cannot reach its data right now. Please try again in a few minutes."),
    ),
}
EXPIRED_FORM = ErrorText(
    _l("The form has expired"), _l("Go back, reload the page and send the form again.")
)
OTHER_CLIENT_ERROR = ErrorText(
    _l("The request could not be completed"),
    _l("Go back and try again, or start again from the home page."),
)

# An error answered to htmx goes to the alert region every page has (base.html), whatever the
# request aimed at: the part of the page it would have replaced stays as it was.
HTMX_ERROR_HEADERS = {
    "HX-Retarget": "#htmx-error",
    "HX-Reswap": "innerHTML show:top",
    "HX-Push-Url": "false",
}

# PostgreSQL's answers for "cannot serve anyone now": shutting down, crashed, starting up, too
# many connections. A connection that fails (refused, timed out, dropped) fails in the client
# library, whose errors carry no SQLSTATE at all.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
DATABASE_RETRY_AFTER = 30

PLAIN_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p>{reference}<p><a href="/">{home}</a></p></main></body>
</html>
"""
PLAIN_FRAGMENT = (
    '<div class="flash flash--error"><p><strong>{title}</strong> {message}</p>{reference}</div>'
)


def is_database_unavailable(error: BaseException) -> bool:
    """The database cannot be reached or refuses connections: a 503, worth trying again.

    Never a query's own mistake: SQLite reports a missing table or bad SQL as an
    OperationalError too, and those are bugs, answered 500 and logged with their traceback.
    """
    if isinstance(error, DisconnectionError | PoolTimeoutError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if error.connection_invalidated:
        return True
    cause = error.orig
    if hasattr(cause, "sqlstate"):  # psycopg
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in UNAVAILABLE_SQLSTATES
    return getattr(cause, "sqlite_errorname", None) == "SQLITE_CANTOPEN"


def _same_site(url: str | None) -> str | None:
    """``url`` as a path on this site, for a "go back" link; None if it is another site's."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def _rendered_error(code: int, text: ErrorText, reference: str | None):
    context = {"code": code, "title": text.title, "message": text.message, "reference": reference}
    if is_htmx():
        reload_url = _same_site(request.headers.get("HX-Current-URL"))
        body = render_template("errors/_alert.html", reload_url=reload_url, **context)
        response = current_app.make_response((body, code, HTMX_ERROR_HEADERS))
    else:
        back_url = _same_site(request.referrer)
        body = render_template("errors/error.html", back_url=back_url, **context)
        response = current_app.make_response((body, code))
    response.vary.add("HX-Request")
    return response


def _plain_error(code: int, text: ErrorText, reference: str | None):
    """Written without templates or the layout, for when rendering those failed."""
    try:
        words = {
            "lang": current_language(),
            "title": str(text.title),
            "message": str(text.message),
            "home": _("Go to the home page"),
            "reference": _("Error reference: %(reference)s", reference=reference),
        }
        alert = is_htmx()
    except Exception:  # even translating failed: the status in Werkzeug's English words
        words = {
            "lang": "en",
            "title": f"{code} {HTTP_STATUS_CODES.get(code, 'Error')}",
            "message": "",
            "home": "/",
            "reference": reference or "",
        }
        alert = False
    safe = {name: escape(value) for name, value in words.items()}
    safe["reference"] = f"<p>{safe['reference']}</p>" if reference else ""
    if alert:
        body = PLAIN_FRAGMENT.format(**safe)
        return current_app.response_class(body, code, HTMX_ERROR_HEADERS, mimetype="text/html")
    return current_app.response_class(PLAIN_PAGE.format(**safe), code, mimetype="text/html")


def _error_response(code: int, text: ErrorText, error: HTTPException | None = None):
    """The error page (for htmx, its alert fragment); a plain one if rendering fails.

    The security headers are set here too: when a handler's answer fails in after_request,
    Flask sends it without running the hooks that remain.
    """
    reference = request_id() if code >= 500 else None
    if code >= 500:
        _roll_back()
    if isinstance(error, SecurityError):
        # A Host the site does not answer to (TRUSTED_HOSTS): no link can be built for it, so
        # the layout cannot render. Expected from scanners; nothing to log.
        response = _plain_error(code, text, reference)
    else:
        try:
            response = _rendered_error(code, text, reference)
        except Exception:
            current_app.logger.exception("The %s error page could not be rendered", code)
            response = _plain_error(code, text, reference)
    if error is not None:
        # What Werkzeug sends besides its page: Allow (405), Retry-After (503).
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    return _security_headers(response)


def _roll_back() -> None:
    """A failed statement leaves PostgreSQL's transaction unusable, and the layout's own
    queries (the moderation count) with it; the error page must render anyway."""
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.warning("Rollback before an error page failed", exc_info=True)


def http_error(error: HTTPException):
    """Every HTTP error in the site's layout and language; Werkzeug's bare pages never show."""
    code = error.code or 500
    if code < 400:
        return error
    if isinstance(error, CSRFError):
        text = EXPIRED_FORM
    else:
        text = ERROR_TEXTS.get(code) or (ERROR_TEXTS[500] if code >= 500 else OTHER_CLIENT_ERROR)
    return _error_response(code, text, error)


def server_error(error: InternalServerError):
    """Flask has logged the exception with the request's id; the page shows that id."""
    cause = error.original_exception
    if cause is not None and is_database_unavailable(cause):
        return http_error(ServiceUnavailable(retry_after=DATABASE_RETRY_AFTER))
    return _error_response(500, ERROR_TEXTS[500])


def database_error(error: Exception):
    if not is_database_unavailable(error):
        raise error  # a bug: Flask logs it and answers through server_error
    current_app.logger.error("The database cannot be reached", exc_info=error)
    return http_error(ServiceUnavailable(retry_after=DATABASE_RETRY_AFTER))


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, server_error)
    for error in (OperationalError, DisconnectionError, PoolTimeoutError):
        app.register_error_handler(error, database_error)
