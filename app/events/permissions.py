"""Who may do what with events, as named predicates for views and templates."""

from __future__ import annotations

from app.associations.models import AssociationStatus
from app.events.lifecycle import EDITABLE, allowed_actions
from app.events.models import Event, EventStatus


def can_submit_events(user) -> bool:
    """Only members of an approved association put events on the platform."""
    return (
        user.is_authenticated
        and user.association is not None
        and user.association.status == AssociationStatus.APPROVED
    )


def is_organiser(user, event: Event) -> bool:
    return user.is_authenticated and user.association_id == event.association_id


def can_edit_event(user, event: Event) -> bool:
    """Drafts and returned events are edited in place; approved ones through a revision."""
    return (
        can_submit_events(user)
        and is_organiser(user, event)
        and (event.status in EDITABLE or event.status == EventStatus.APPROVED)
    )


def can_cancel_event(user, event: Event) -> bool:
    return (
        can_submit_events(user)
        and is_organiser(user, event)
        and ("cancel" in allowed_actions(event))
    )


def can_withdraw_event(user, event: Event) -> bool:
    return is_organiser(user, event) and "withdraw" in allowed_actions(event)
