"""Password hashing with Argon2id, and which new passwords are hard enough to guess."""

from __future__ import annotations

import re
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

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
# On zxcvbn's scale of 0 to 4, 3 means more than 10^8 guesses: beyond any online attack, and a
# fair delay for an offline one should the Argon2 hashes ever leak.
MIN_PASSWORD_SCORE = 3
# The estimate's cost grows steeply with length (the library refuses more than 72 characters);
# the characters after these can only make a password stronger.
_ESTIMATED_LENGTH = 72


def is_easy_to_guess(password: str, personal_details: Iterable[str] = ()) -> bool:
    """Below ``MIN_PASSWORD_SCORE``, counting the owner's own details (e-mail address, names)
    among the words an attacker tries first."""
    words: list[str] = []
    for detail in personal_details:
        # The whole detail and its parts: "chair@example.kz" also gives "chair" and "example".
        words += [detail, *re.split(r"[\W_]+", detail)]
    user_inputs = [word for word in words if len(word) >= 3]
    estimate = zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=user_inputs)
    return estimate["score"] < MIN_PASSWORD_SCORE


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
