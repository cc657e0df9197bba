"""Telling an association about a decision, by e-mail in each member's language."""

from __future__ import annotations

from flask import url_for

from app.associations.models import Association
from app.outbox import queue_mail


def notify_association(
    association: Association, decision: str, reason: str | None = None, event=None
) -> None:
    """Every active member gets the decision, its reason and a link to see it, once the decision
    is committed."""
    for member in association.members:
        if not member.is_active:
            continue
        if event is not None:
            link = url_for(
                "events.mine", lang_code=member.locale, _anchor=f"event-{event.id}", _external=True
            )
        else:
            link = url_for("dashboard.index", lang_code=member.locale, _external=True)
        queue_mail(
            member.email,
            "moderation/mail/decision",
            member.locale,
            decision=decision,
            reason=reason,
            event=event,
            association=association,
            link=link,
        )
