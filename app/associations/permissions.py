"""Who may see and change an association: named predicates for views and templates."""

from __future__ import annotations

from app.associations.models import Association, AssociationStatus
from app.auth.permissions import is_moderator


def is_member(user, association: Association) -> bool:
    return user.is_authenticated and user.association_id == association.id


def can_view_association(user, association: Association) -> bool:
    """The public sees public associations; members and moderators also see the others."""
    return association.is_public or is_member(user, association) or is_moderator(user)


def can_edit_association(user, association: Association) -> bool:
    """Members keep their profile, unless an admin has suspended the association."""
    return is_member(user, association) and association.status != AssociationStatus.SUSPENDED
