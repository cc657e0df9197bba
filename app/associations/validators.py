"""Validation rules for association data, usable by forms and services alike."""

from __future__ import annotations

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def bin_check_digit(first_eleven: str) -> int | None:
    """The 12th digit of a BIN (business identification number), or None if none can exist."""
    digits = [int(d) for d in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if check != 10:
            return check
    return None


def is_valid_bin(value: str) -> bool:
    """Twelve digits, a real month in digits 3–4, and the check digit of the national register."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    if not 1 <= int(value[2:4]) <= 12:
        return False
    return bin_check_digit(value[:11]) == int(value[11])
