"""Rendering and sending one message: through SMTP when a server is configured, otherwise into
``instance/mail/``.

Without SMTP every message becomes an ``.eml`` file whose path is logged, so a developer can
open it and follow its link. Code that sends mail for a change it makes goes through
``app.outbox.queue_mail`` instead, so that nothing leaves before the change is committed.
"""

from __future__ import annotations

import base64
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.extensions import mail
from app.urls import base_host

# An encoded word is at most 75 characters (RFC 2047); 42 bytes of text make 56 of base64,
# so "Subject: " and one word stay within a 78-character line.
ENCODED_WORD_BYTES = 42
SMTP_LINE_BYTES = 998


def _encoded_words(text: str) -> list[str]:
    """``text`` as base64 encoded words, never splitting a character between two words."""
    chunks, chunk = [], ""
    for char in text:
        if chunk and len((chunk + char).encode()) > ENCODED_WORD_BYTES:
            chunks.append(chunk)
            chunk = ""
        chunk += char
    chunks.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(chunk.encode()).decode()}?=" for chunk in chunks]


def _transfer_encoding(body: str) -> str | None:
    """8bit keeps the text and its links readable in the .eml files, as SMTP allows for lines
    of up to 998 bytes; for a longer line (a long reason in one paragraph) the standard library
    picks quoted-printable or base64."""
    fits = all(len(line.encode()) <= SMTP_LINE_BYTES for line in body.splitlines())
    return "8bit" if fits else None


class Subject(str):
    """A Subject header whose every character, spaces included, sits inside an encoded word.

    Decoders drop the whitespace between two encoded words (RFC 2047, 6.2). The folders of the
    standard library (``email.header.Header``, which Flask-Mail uses, and the policy folder of
    Python 3.11) may make the space between two words into that whitespace, so «расталды —
    Қазақстан» arrived as «расталды —Қазақстан». An email policy takes an object with a
    ``name`` and a ``fold`` method as the header itself, so this one folds between words only.
    """

    name = "Subject"

    def fold(self, *, policy) -> str:
        if self.isascii() and "=?" not in self:  # no encoded words: the policy folds it right
            return policy.header_factory(self.name, str(self)).fold(policy=policy)
        return f"{self.name}: " + f"{policy.linesep} ".join(_encoded_words(self)) + policy.linesep


class PlainTextMessage(Message):
    """Flask-Mail's message (its sending, its checks), written by the standard library's
    ``EmailMessage`` with the SMTP policy and a :class:`Subject` that keeps its spaces."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Flask-Mail names the machine here; the site's own domain says who sent it.
        self.msgId = make_msgid(domain=base_host())

    def as_email(self) -> EmailMessage:
        message = EmailMessage(policy=SMTP)
        message["Subject"] = Subject(self.subject)
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(self.date, localtime=True)
        message["Message-ID"] = self.msgId
        message.set_content(self.body, charset="utf-8", cte=_transfer_encoding(self.body))
        return message

    def as_bytes(self) -> bytes:
        return self.as_email().as_bytes()

    def as_string(self) -> str:
        return self.as_email().as_string()


def render_mail(template: str, lang: str, **context) -> tuple[str, str]:
    """``<template>.txt`` rendered in ``lang``: its first line is the subject, the rest the body."""
    with force_locale(lang):
        subject, _, body = render_template(f"{template}.txt", lang=lang, **context).partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_message(to: str, subject: str, body: str, template: str) -> Path | None:
    """Send now; ``template`` names the ``.eml`` file. Returns that file's path, if any."""
    message = PlainTextMessage(subject=subject, recipients=[to], body=body)
    if current_app.config["MAIL_SERVER"]:
        mail.send(message)
        return None
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = outbox / f"{stamp}-{template.replace('/', '-')}.eml"
    path.write_bytes(message.as_bytes())
    current_app.logger.info("Mail to %s written to %s", to, path)
    return path
