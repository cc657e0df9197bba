"""Rendering and sending one message: through SMTP when a server is configured, otherwise into
``instance/mail/``.

Without SMTP every message becomes an ``.eml`` file whose path is logged, so a developer can
open it and follow its link. Code that sends mail for a change it makes goes through
``app.outbox.queue_mail`` instead, so that nothing leaves before the change is committed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.extensions import mail


def render_mail(template: str, lang: str, **context) -> tuple[str, str]:
    """``<template>.txt`` rendered in ``lang``: its first line is the subject, the rest the body."""
    with force_locale(lang):
        subject, _, body = render_template(f"{template}.txt", lang=lang, **context).partition("\n")
    return subject.strip(), body.strip() + "\n"


def send_message(to: str, subject: str, body: str, template: str) -> Path | None:
    """Send now; ``template`` names the ``.eml`` file. Returns that file's path, if any."""
    message = Message(subject=subject, recipients=[to], body=body)
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
