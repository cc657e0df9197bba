"""Mail that leaves only once the change it tells about is committed.

``queue_mail`` renders a message and adds it to the session as an ``OutgoingMail`` row, so it
commits or rolls back together with the decision that caused it. When the session commits, the
rows its transaction created are sent; a transaction that rolls back leaves no row and sends
nothing. A send that fails is logged and stays in the table, with its error, for
``flask mail retry``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import String, Text, event, select, update
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow
from app.extensions import db
from app.mail import render_mail, send_message

# session.info key: ids of the rows the current transaction queued, sent once it commits.
_QUEUED_IDS = "outbox.queued_ids"

# Delivery after a commit takes moments; younger rows may still be on their way, and a retry
# that sent them too would send them twice.
RETRY_GRACE = timedelta(minutes=1)
MAX_ATTEMPTS = 5


class OutgoingMail(Base):
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    # Names the .eml file when there is no SMTP server.
    template: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} {self.template} to {self.recipient}>"


def queue_mail(to: str, template: str, lang: str, **context) -> OutgoingMail:
    """Render ``<template>.txt`` in ``lang`` now; it is sent after the session commits."""
    subject, body = render_mail(template, lang, **context)
    queued = OutgoingMail(recipient=to, template=template, subject=subject, body=body)
    db.session.add(queued)
    return queued


@event.listens_for(db.session, "after_flush")
def _note_queued_mail(session, flush_context) -> None:
    ids = [row.id for row in session.new if isinstance(row, OutgoingMail)]
    if ids:
        session.info.setdefault(_QUEUED_IDS, []).extend(ids)


@event.listens_for(db.session, "after_commit")
def _send_committed_mail(session) -> None:
    if session.in_nested_transaction():  # a released savepoint: the real commit is still to come
        return
    # The committed session may not run SQL here: send_queued uses connections of its own.
    ids = session.info.pop(_QUEUED_IDS, None)
    if ids:
        send_queued(ids)


@event.listens_for(db.session, "after_transaction_end")
def _forget_rolled_back_mail(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_QUEUED_IDS, None)


def send_queued(ids: Iterable[int]) -> int:
    """Send each unsent row among ``ids``; returns how many went out. Never raises."""
    return sum(_send_one(mail_id) for mail_id in ids)


def _send_one(mail_id: int) -> bool:
    """Claim the row by counting the attempt, send it, then mark it sent or keep the error.

    The claim is conditional on the attempts seen, so two senders never send the same attempt.
    """
    try:
        with db.engine.begin() as connection:
            row = connection.execute(
                select(OutgoingMail.__table__).where(
                    OutgoingMail.id == mail_id, OutgoingMail.sent_at.is_(None)
                )
            ).one_or_none()
            if row is None:  # sent already, or its transaction rolled back a savepoint
                return False
            claimed = connection.execute(
                update(OutgoingMail)
                .where(OutgoingMail.id == mail_id, OutgoingMail.attempts == row.attempts)
                .values(attempts=row.attempts + 1)
            ).rowcount
        if not claimed:
            return False
        send_message(row.recipient, row.subject, row.body, row.template)
    except Exception as error:  # a send must never fail the request that queued it
        current_app.logger.warning("Mail %s not sent: %r", mail_id, error, exc_info=True)
        _mark(mail_id, last_error=f"{type(error).__name__}: {error}")
        return False
    _mark(mail_id, sent_at=utcnow(), last_error=None)
    return True


def _mark(mail_id: int, **values) -> None:
    try:
        with db.engine.begin() as connection:
            connection.execute(
                update(OutgoingMail).where(OutgoingMail.id == mail_id).values(**values)
            )
    except Exception:  # the database may be what failed; the row then stays as it was
        current_app.logger.exception("Mail %s: could not record %s", mail_id, sorted(values))


def retry_unsent(max_attempts: int = MAX_ATTEMPTS) -> tuple[int, int]:
    """Send the unsent rows that have failed fewer than ``max_attempts`` times.

    Returns (sent, still unsent among those tried).
    """
    ids = db.session.scalars(
        select(OutgoingMail.id)
        .where(
            OutgoingMail.sent_at.is_(None),
            OutgoingMail.attempts < max_attempts,
            OutgoingMail.created_at <= utcnow() - RETRY_GRACE,
        )
        .order_by(OutgoingMail.id)
    ).all()
    db.session.rollback()  # end the read before sending takes its time
    sent = send_queued(ids)
    return sent, len(ids) - sent


mail_cli = AppGroup("mail", help="Outgoing mail.")


@mail_cli.command("retry")
@click.option(
    "--max-attempts",
    default=MAX_ATTEMPTS,
    show_default=True,
    help="Leave messages that have failed this many times.",
)
def retry_command(max_attempts: int) -> None:
    """Send the messages that could not be sent yet."""
    sent, unsent = retry_unsent(max_attempts)
    click.echo(f"sent {sent}, still unsent {unsent}")
