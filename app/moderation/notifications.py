"""Telling an association about a decision, by e-mail in each member's language."""

from __future__ import annotations

from app.associations.models import Association
from app.outbox import queue_mail
from app.urls import external_url


def notify_association(
    association: Association, decision: str, reason: str | None = None, event=None
) -> None:
    """Every active member gets the decision, its reason and a link to see it, once the decision
    is committed."""
    for member in association.members:
        if not member.is_active:
            continue
        if event is not None:
            link = external_url("events.mine", lang_code=member.locale, _anchor=f"event-{event.id}")
        else:
            link = external_url("dashboard.index", lang_code=member.locale)
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
