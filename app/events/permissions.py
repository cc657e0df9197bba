"""Who may do what with events: named predicates that views, templates and moderation call."""

from __future__ import annotations

from app.auth.permissions import is_moderator
from app.events.lifecycle import EDITABLE, EVENT, REVISION, is_edited_through_revision
from app.events.models import Event, EventRevision


def can_submit_events(user) -> bool:
    """Only members of an approved (public) association put events on the platform."""
    return user.is_authenticated and user.association is not None and user.association.is_public


def is_organiser(user, event: Event) -> bool:
    return user.is_authenticated and user.association_id == event.association_id


def can_view_event(user, event: Event) -> bool:
    """Anyone sees a public event; its organisers and moderators see it in any status."""
    return event.is_public or is_organiser(user, event) or is_moderator(user)


def can_report_event(user, event: Event) -> bool:
    """Anyone, with or without an account, may report what the public sees."""
    return event.is_public


def can_edit_event(user, event: Event) -> bool:
    """Drafts and returned events are edited in place; approved ones through a revision."""
    return (
        can_submit_events(user)
        and is_organiser(user, event)
        and (event.status in EDITABLE or is_edited_through_revision(event))
    )


def can_cancel_event(user, event: Event) -> bool:
    """Calling off a published event is the organisers' word, while they may act at all."""
    return (
        can_submit_events(user)
        and is_organiser(user, event)
        and EVENT.allows(event.status, "cancel")
    )


def can_withdraw_event(user, event: Event, revision: EventRevision | None = None) -> bool:
    """The organisers take back what waits for review: the event, or its waiting revision.

    Withdrawing is allowed even while the association is suspended: it only hides more.
    """
    if not is_organiser(user, event):
        return False
    if revision is not None and REVISION.allows(revision.status, "withdraw"):
        return True
    return EVENT.allows(event.status, "withdraw")
