"""How requests arrive and which addresses we write: the site's own absolute links, the ids in
its paths, the hosts it answers, the proxies it believes, the bodies it reads, and which links
that users give (websites, online venues, registration pages) we accept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map
from werkzeug.wsgi import get_host

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# The largest id a row can have: primary keys are 32-bit integers on PostgreSQL, and a bigger
# number in a path must be a page that does not exist, not a query that overflows.
MAX_ROW_ID = 2**31 - 1


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link, for mail, feeds, canonical and structured-data addresses.

    Its origin is the configured BASE_URL, never the request's Host header: anyone can send
    ``Host: evil.example`` with a password reset and would get a link to their own server.
    """
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def base_host() -> str:
    """The site's host name, without port: the domain of calendar UIDs and of tag: URIs."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def is_web_url(value: str) -> bool:
    """An absolute http or https address with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in value


class RowIdConverter(IntegerConverter):
    """``<id:event_id>``: a positive integer that a row's id can be; any other is a 404."""

    def __init__(self, map: Map) -> None:
        super().__init__(map, min=1, max=MAX_ROW_ID)


def _trusted_hosts_only(wsgi_app: WSGIApplication, trusted_hosts: list[str]) -> WSGIApplication:
    """Answer 400 to a request for any other host, before the app sees it.

    Flask checks TRUSTED_HOSTS too, but only once its request hooks have run (a page could come
    from the cache) and with no way left to build a URL, so its error page would fail.
    """

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            get_host(environ, trusted_hosts)
        except SecurityError as error:
            return error(environ, start_response)
        return wsgi_app(environ, start_response)

    return app


def _read_the_form_first() -> None:
    """A body over MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE or MAX_FORM_PARTS gets its 413
    here, before the rate limiter's hook reads the form through its key functions: Flask-Limiter
    takes any error raised there for its storage being down and stops using it for a while."""
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        request.form  # noqa: B018  (reading it is the point)


def init_app(app: Flask) -> None:
    """Before the blueprints, whose routes use the converter, and before the extensions, whose
    request hooks come after this one's."""
    app.url_map.converters["id"] = RowIdConverter
    app.before_request(_read_the_form_first)
    if app.config["TRUSTED_HOSTS"] is not None:
        app.wsgi_app = _trusted_hosts_only(app.wsgi_app, app.config["TRUSTED_HOSTS"])
    proxies = app.config["PROXY_COUNT"]
    if proxies:
        # The visitor's address and scheme as the proxies saw them; not the host, which
        # BASE_URL names. With no proxy, these headers would be the client's own word.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
