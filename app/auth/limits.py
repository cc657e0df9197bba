"""How often accounts may be tried: slow enough for a guesser, never a way for a stranger to lock
the owner out.

Log-in, reset and confirmation requests count every attempt three ways: per client address
(``AUTH_RATE_LIMIT_PER_IP``), per account from one address (``AUTH_RATE_LIMIT_PER_ACCOUNT``),
and per account from all addresses together, a ceiling ten addresses' worth of the per-address
limit. A stranger at one address reaches their own limits long before the ceiling, so the owner
logs in from anywhere else; a guesser spread over many addresses still meets the ceiling.
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many

from app.auth.services import normalise_email
from app.extensions import limiter

ADDRESSES_TO_REACH_THE_CEILING = 10


def _per_address() -> str:
    return current_app.config["AUTH_RATE_LIMIT_PER_IP"]


def _per_account() -> str:
    return current_app.config["AUTH_RATE_LIMIT_PER_ACCOUNT"]


def _account_ceiling() -> str:
    return "; ".join(
        f"{item.amount * ADDRESSES_TO_REACH_THE_CEILING} per {item.multiples} "
        f"{item.GRANULARITY.name}"
        for item in parse_many(_per_address())
    )


def _typed_account() -> str:
    address = request.form.get("email") or request.form.get("resend-email") or ""
    return "account:" + normalise_email(address)


def _typed_account_from_this_address() -> str:
    return f"{_typed_account()}|address:{get_remote_address()}"


def _was_answered(response) -> bool:
    # An attempt that its address's own limits stopped never reached the account: it must not
    # bring the ceiling, and so the owner's lock-out, any nearer.
    return response.status_code != 429


def limit_attempts(view):
    """Log-in, reset and confirmation requests: the three limits above, on POST."""
    per_address = limiter.limit(_per_address, methods=["POST"])
    per_account_from_this_address = limiter.limit(
        _per_account, key_func=_typed_account_from_this_address, methods=["POST"]
    )
    account_ceiling = limiter.limit(
        _account_ceiling, key_func=_typed_account, methods=["POST"], deduct_when=_was_answered
    )
    return per_address(per_account_from_this_address(account_ceiling(view)))


def _signed_in_account() -> str:
    return f"user:{current_user.id}"


def _is_anonymous() -> bool:
    return not current_user.is_authenticated


def limit_password_checks(view):
    """Pages that check the current password: per account and per address, so that a session
    left open on a shared computer cannot be used to guess the password at speed."""
    per_address = limiter.limit(_per_address, methods=["POST"])
    per_account = limiter.limit(
        _per_account,
        key_func=_signed_in_account,
        methods=["POST"],
        exempt_when=_is_anonymous,  # login_required sends them to log in first
    )
    return per_address(per_account(view))
