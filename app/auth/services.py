"""Account actions: the rules for logging in, confirming and changing passwords."""

from __future__ import annotations

from flask import url_for

from app.audit import record
from app.auth.models import Role, User
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.tokens import TokenPurpose, make_token
from app.db import utcnow
from app.extensions import db
from app.outbox import queue_mail


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalars(db.select(User).filter_by(email=normalise_email(email))).first()


def create_user(email: str, password: str, role: Role = Role.ASSOCIATION, **fields) -> User:
    user = User(
        email=normalise_email(email), password_hash=hash_password(password), role=role, **fields
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, or None: the caller cannot tell which failed."""
    user = find_user(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def confirm_email(user: User) -> bool:
    """Marks the address confirmed; False when it already was."""
    if user.email_confirmed_at is not None:
        return False
    user.email_confirmed_at = utcnow()
    record(user, "account.email_confirmed", user)
    return True


def set_password(user: User, password: str) -> None:
    """New password; every existing session of the account ends with it."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    record(user, "account.password_changed", user)


def queue_confirmation_mail(user: User) -> None:
    """The link to confirm the address; it goes out once the request commits."""
    token = make_token(user, TokenPurpose.CONFIRM_EMAIL)
    link = url_for("auth.confirm", token=token, lang_code=user.locale, _external=True)
    queue_mail(user.email, "auth/mail/confirm", user.locale, link=link, user=user)


def queue_reset_mail(user: User) -> None:
    """The link to choose a new password; it goes out once the request commits."""
    token = make_token(user, TokenPurpose.RESET_PASSWORD)
    link = url_for("auth.reset_password", token=token, lang_code=user.locale, _external=True)
    queue_mail(user.email, "auth/mail/reset", user.locale, link=link, user=user)
