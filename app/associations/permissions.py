"""Who may see and change an association."""

from __future__ import annotations

from app.associations.models import Association, AssociationStatus
from app.auth.permissions import is_moderator


def is_member(user, association: Association) -> bool:
    return user.is_authenticated and user.association_id == association.id


def can_view_association(user, association: Association) -> bool:
    """The public sees approved associations; members and moderators also see the others."""
    return (
        association.status == AssociationStatus.APPROVED
        or is_member(user, association)
        or is_moderator(user)
    )


def can_edit_association(user, association: Association) -> bool:
    return is_member(user, association) and association.status != AssociationStatus.SUSPENDED
