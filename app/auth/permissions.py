"""Who may do what, as named predicates used by views and templates alike."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from app.auth.models import Role, User


def is_moderator(user: User) -> bool:
    return user.is_authenticated and user.role in (Role.MODERATOR, Role.ADMIN)


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def has_association(user: User) -> bool:
    return user.is_authenticated and user.association_id is not None


def require(predicate):
    """View decorator: log-in first if anonymous, 403 if the predicate refuses."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            from app.extensions import login_manager

            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
