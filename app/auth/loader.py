"""Flask-Login's user loader: a session is valid only for the account's current session version."""

from __future__ import annotations

from app.auth.models import User
from app.extensions import db, login_manager
from app.params import bounded_int


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    user_id, version = bounded_int(user_id), bounded_int(version)
    if user_id is None or version is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user
