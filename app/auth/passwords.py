"""Password hashing with Argon2id."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this keeps a login with an unknown e-mail as slow as one with a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-password")


def init_app(app) -> None:
    """Argon2 costs from the configuration (tests use cheap ones; production the defaults)."""
    global _hasher, _DUMMY_HASH
    costs = app.config.get("ARGON2_COSTS")
    if costs:
        _hasher = PasswordHasher(**costs)
        _DUMMY_HASH = _hasher.hash("not-a-password")


MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
