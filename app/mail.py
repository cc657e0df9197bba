"""Outgoing mail: through SMTP when a server is configured, otherwise into ``instance/mail/``.

Without SMTP every message becomes an ``.eml`` file whose path is logged, so a developer can
open it and follow its link.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from app.extensions import mail


def send_mail(to: str, template: str, lang: str, **context) -> Path | None:
    """Render ``<template>.txt`` in ``lang`` (its first line is the subject) and send it."""
    with force_locale(lang):
        subject, _, body = render_template(f"{template}.txt", lang=lang, **context).partition("\n")
    message = Message(subject=subject.strip(), recipients=[to], body=body.strip() + "\n")
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
