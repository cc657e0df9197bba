"""Admins' actions: suspending associations, trust, and moderators' accounts."""

from __future__ import annotations

from app.associations import lifecycle as association_lifecycle
from app.associations.lifecycle import ASSOCIATION
from app.associations.models import Association
from app.audit import record
from app.auth.models import User
from app.auth.permissions import is_moderator
from app.moderation.notifications import notify_association

# What an admin, and no moderator, may do to an association's status.
ADMIN_ACTIONS = frozenset({"suspend", "reinstate"})


def admin_actions(association: Association) -> set[str]:
    """The admin's status actions possible for ``association`` now, as its lifecycle says."""
    return ASSOCIATION.actions(association.status) & ADMIN_ACTIONS


def suspend_association(association: Association, admin: User, reason: str | None) -> None:
    """Its profile and events leave the public site until it is reinstated."""
    association_lifecycle.apply_transition(association, "suspend", admin, reason)
    notify_association(association, "association_suspend", reason=reason)


def reinstate_association(association: Association, admin: User, reason: str | None) -> None:
    association_lifecycle.apply_transition(association, "reinstate", admin, reason)
    notify_association(association, "association_reinstate", reason=reason)


def set_trusted(association: Association, admin: User, trusted: bool, reason: str | None) -> None:
    """Trusted associations' events are approved by the rules and reviewed afterwards."""
    if association.is_trusted == trusted:
        return
    association.is_trusted = trusted
    record(
        admin,
        "association.trust" if trusted else "association.distrust",
        association,
        before=str(not trusted).lower(),
        after=str(trusted).lower(),
        reason=reason,
    )


def deactivate_moderator(moderator: User, admin: User) -> None:
    """The account can no longer log in; its sessions end at once."""
    if not is_moderator(moderator) or moderator.id == admin.id:
        raise PermissionError("only another moderator or admin can be deactivated")
    moderator.is_active_account = False
    moderator.session_version += 1
    record(admin, "account.deactivate", moderator, before="active", after="deactivated")
