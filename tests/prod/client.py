"""A visitor for the check: its own cookies and connection, forms with their CSRF token.

Through nginx it speaks HTTPS to 127.0.0.1 and trusts only the check's own certificate;
straight to one gunicorn instance it speaks HTTP and says what nginx would (X-Forwarded-*).
Every request names the site's host, as a browser would.
"""

from __future__ import annotations

import http.client
import re
import ssl
import time
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.prod.services import SERVER_NAME

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def served_by(self) -> str:
        return self.header("X-Served-By")

    def hidden(self, name: str) -> str:
        """The value of the form field ``name`` (the first one on the page)."""
        for tag in INPUT.findall(self.text):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("name") == name:
                return attributes.get("value", "")
        raise AssertionError(f"no input named {name!r} on the page (status {self.status})")


@dataclass
class Client:
    port: int
    cafile: Path | None = None  # None: plain HTTP straight to an instance
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)
    keep_cookies: bool = True
    _connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.cafile is None:
                self._connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            else:
                context = ssl.create_default_context(cafile=str(self.cafile))
                self._connection = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, timeout=self.timeout, context=context
                )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method: str, path: str, form=None, headers=None) -> Response:
        sent = {"Host": SERVER_NAME, "Accept-Encoding": "identity", **(headers or {})}
        if self.cafile is None:
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # Over HTTPS, Flask-WTF wants a same-origin Referer, as every browser sends.
            sent.setdefault("Referer", f"https://{SERVER_NAME}{path}")
        started = time.perf_counter()
        connection = self._connect()
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            data = answer.read()
        except Exception:
            self.close()
            raise
        response = Response(answer.status, answer.headers, data, time.perf_counter() - started)
        if answer.will_close:
            self.close()
        if self.keep_cookies:
            self._remember(answer.headers.get_all("Set-Cookie") or [])
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs) -> Response:
        return self.request("POST", path, form=form, **kwargs)

    def submit(self, page: str, form: dict, action: str | None = None) -> Response:
        """Open ``page``, then send ``form`` with the page's CSRF token to ``action``."""
        opened = self.get(page)
        assert opened.status == 200, f"GET {page}: {opened.status}"
        return self.post(action or page, {**form, "csrf_token": opened.hidden("csrf_token")})

    def _remember(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            for name, morsel in SimpleCookie(line).items():
                if morsel.value == "" or morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
