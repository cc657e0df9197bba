"""Work that must not show in how long an answer takes: it runs once the answer has been sent.

Whether a reset link goes out, and so whether a token is signed, a message rendered, a row
written and mail handed to the server, depends on the address having an account. Done before
answering, that work would make the answer to a known address measurably slower.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import after_this_request, copy_current_request_context, current_app

from app.extensions import db


def after_response(work: Callable[[], None]) -> None:
    """Run ``work`` and commit once this request's answer has gone out; a failure is logged
    and rolled back, as the visitor has had their answer already.

    WSGI servers call this when they close the answer. Werkzeug's test client closes it only
    when asked: tests pass ``buffered=True``.
    """

    @copy_current_request_context  # url_for and the language still refer to this request
    def run() -> None:
        try:
            work()
            db.session.commit()  # the outbox sends the mail it queued
        except Exception:
            db.session.rollback()
            current_app.logger.exception("Work after the answer failed")

    @after_this_request
    def attach(response):
        response.call_on_close(run)
        return response
