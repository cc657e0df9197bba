"""Account actions: the rules for logging in, confirming and changing passwords."""

from __future__ import annotations

from app.audit import record
from app.auth.models import Role, User
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.tokens import TokenPurpose, make_token
from app.db import utcnow
from app.extensions import db
from app.outbox import queue_mail
from app.urls import external_url


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


def end_sessions(user: User) -> None:
    """Every session and remember-me cookie of the account stops working, on every device: the
    user loader accepts only the account's current session version (app/auth/loader.py)."""
    user.session_version += 1


def log_out(user: User) -> None:
    """Log-out ends the account's sessions on the server too: a cookie copied before it (from a
    shared computer, a browser profile, a proxy's log) must not outlive it."""
    end_sessions(user)


def set_password(user: User, password: str) -> None:
    """New password; every existing session of the account ends with it."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    record(user, "account.password_changed", user)


def queue_confirmation_mail(user: User) -> None:
    """The link to confirm the address; it goes out once the request commits."""
    token = make_token(user, TokenPurpose.CONFIRM_EMAIL)
    link = external_url("auth.confirm", token=token, lang_code=user.locale)
    queue_mail(user.email, "auth/mail/confirm", user.locale, link=link, user=user)


def queue_reset_mail(user: User) -> None:
    """The link to choose a new password; it goes out once the request commits."""
    token = make_token(user, TokenPurpose.RESET_PASSWORD)
    link = external_url("auth.reset_password", token=token, lang_code=user.locale)
    queue_mail(user.email, "auth/mail/reset", user.locale, link=link, user=user)


def send_reset_link(email: str) -> None:
    """A reset link for the active account with this address; nothing for any other address.

    Views run it after the answer has gone (``after_response``), so how long the answer takes
    cannot tell whether the address has an account.
    """
    user = find_user(email)
    if user is not None and user.is_active:
        queue_reset_mail(user)


def resend_confirmation_link(email: str) -> None:
    """A new confirmation link if the address has an account waiting for it; nothing otherwise.
    Run after the answer, like ``send_reset_link``."""
    user = find_user(email)
    if user is not None and user.email_confirmed_at is None:
        queue_confirmation_mail(user)


def answer_sign_up_with_taken_email(user: User, password: str) -> None:
    """Sign-up with an address that already has an account: the page answers as for a new
    address, so it cannot tell who has an account, and the owner is told by mail instead.

    The password typed is hashed and thrown away, so that this answer takes as long as creating
    an account does.
    """
    hash_password(password)
    login_link = external_url("auth.login", lang_code=user.locale)
    reset_link = external_url("auth.forgot_password", lang_code=user.locale)
    queue_mail(
        user.email,
        "auth/mail/sign_up_attempt",
        user.locale,
        login_link=login_link,
        reset_link=reset_link,
        user=user,
    )
