"""Mail leaves once the transaction that queued it commits; a failed send waits for a retry."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from freezegun import freeze_time

from app.associations.models import Association
from app.auth.models import Role, User
from app.db import utcnow
from app.extensions import db, mail
from app.moderation.decisions import decide_association
from app.outbox import MAX_ATTEMPTS, OutgoingMail, queue_mail
from tests.conftest import log_in
from tests.factories import make_account, make_association


def rows(app) -> list[OutgoingMail]:
    with app.app_context():
        found = list(db.session.scalars(db.select(OutgoingMail).order_by(OutgoingMail.id)))
        db.session.expunge_all()
        return found


@pytest.fixture
def pending(app):
    """A pending association with one member, and the moderator who decides on it."""
    with app.app_context():
        association = make_association(status="pending")
        make_account(email="chair@example.kz", association=association, locale="ru")
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        db.session.commit()
        return association.id


def test_queued_mail_is_sent_once_the_transaction_commits(app, outbox):
    with app.test_request_context():
        queue_mail("chair@example.kz", "auth/mail/reset", "kk", link="https://example.kz/x")
        db.session.flush()
        assert list(outbox.glob("*.eml")) == []
        db.session.commit()
    (path,) = outbox.glob("*.eml")
    assert path.name.endswith("-auth-mail-reset.eml")
    (row,) = rows(app)
    assert row.sent_at is not None
    assert (row.attempts, row.last_error) == (1, None)


def test_a_decision_that_rolls_back_sends_nothing(app, pending, outbox):
    with app.test_request_context():
        association = db.session.get(Association, pending)
        moderator = db.session.scalars(db.select(User).filter_by(email="mod@example.kz")).one()
        decide_association(association, "approve", moderator, None, association.version)
        db.session.flush()
        db.session.rollback()
    assert list(outbox.glob("*.eml")) == []
    assert rows(app) == []


def test_mail_queued_in_a_savepoint_waits_for_the_outer_commit(app, outbox):
    with app.test_request_context():
        with db.session.begin_nested():
            queue_mail("chair@example.kz", "auth/mail/reset", "kk", link="https://example.kz/x")
        assert list(outbox.glob("*.eml")) == []
        savepoint = db.session.begin_nested()
        queue_mail("other@example.kz", "auth/mail/reset", "kk", link="https://example.kz/y")
        savepoint.rollback()
        db.session.commit()
    (path,) = outbox.glob("*.eml")
    assert "chair@example.kz" in path.read_text()
    assert [row.recipient for row in rows(app)] == ["chair@example.kz"]


def failing_smtp(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failed_send_is_logged_not_a_500_and_retry_sends_it_later(
    app, client, runner, pending, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.kz")
    monkeypatch.setattr(mail, "send", failing_smtp)
    with app.app_context():
        version = db.session.get(Association, pending).version
    log_in(client, "mod@example.kz")
    with caplog.at_level(logging.WARNING):
        response = client.post(
            f"/en/moderation/association/{pending}/decide",
            data={"action": "approve", "version": version},
        )
    assert response.status_code == 303
    (row,) = rows(app)
    assert f"Mail {row.id} not sent" in caplog.text
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    sent = []
    monkeypatch.setattr(mail, "send", sent.append)
    # Right after the commit the row may still be on its way: a retry leaves it alone.
    assert runner.invoke(args=["mail", "retry"]).output == "sent 0, still unsent 0\n"
    with freeze_time(utcnow() + timedelta(minutes=2)):
        assert runner.invoke(args=["mail", "retry"]).output == "sent 1, still unsent 0\n"
    (message,) = sent
    assert message.recipients == ["chair@example.kz"]
    (row,) = rows(app)
    assert row.sent_at is not None
    assert (row.attempts, row.last_error) == (2, None)
    assert runner.invoke(args=["mail", "retry"]).output == "sent 0, still unsent 0\n"


def test_retry_leaves_mail_that_failed_too_often(app, runner, outbox):
    with app.app_context():
        for attempts in (MAX_ATTEMPTS - 1, MAX_ATTEMPTS):
            # Inserted as rows, not queued: these failed in earlier runs.
            db.session.execute(
                db.insert(OutgoingMail).values(
                    recipient=f"chair{attempts}@example.kz",
                    template="auth/mail/reset",
                    subject="Reset",
                    body="https://example.kz/x\n",
                    created_at=utcnow() - timedelta(hours=1),
                    attempts=attempts,
                    last_error="SMTPServerDisconnected: Connection unexpectedly closed",
                )
            )
        db.session.commit()
    assert runner.invoke(args=["mail", "retry"]).output == "sent 1, still unsent 0\n"
    (path,) = outbox.glob("*.eml")
    assert f"chair{MAX_ATTEMPTS - 1}@example.kz" in path.read_text()
    assert [row.sent_at is None for row in rows(app)] == [False, True]
