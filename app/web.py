"""Responses shared by every feature: full page or htmx fragment, security headers, errors."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from htmx_flask import request as htmx_request

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


def _error_page(code: int, title: str, message: str):
    return render("errors/error.html", status=code, code=code, title=title, message=message)


def not_found(error):
    return _error_page(404, _("Page not found"), _("There is no page at this address."))


def forbidden(error):
    return _error_page(403, _("Access denied"), _("You do not have permission to open this page."))


def bad_request(error):
    if isinstance(error, CSRFError):
        return _error_page(
            400,
            _("The form has expired"),
            _("Go back, reload the page and send the form again."),
        )
    return _error_page(400, _("Bad request"), _("The request could not be understood."))


def too_many_requests(error):
    return _error_page(429, _("Too many attempts"), _("Please wait a little and try again."))


def server_error(error):
    return _error_page(
        500, _("Something went wrong"), _("The error has been logged. Please try again later.")
    )


def init_app(app: Flask) -> None:
    app.after_request(_security_headers)
    app.register_error_handler(400, bad_request)
    app.register_error_handler(403, forbidden)
    app.register_error_handler(404, not_found)
    app.register_error_handler(429, too_many_requests)
    app.register_error_handler(500, server_error)
