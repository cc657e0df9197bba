"""Reading numbers from URLs, forms and cookies that anyone can write."""

from __future__ import annotations


def bounded_int(value: str | None, low: int = 0, high: int = 10**9) -> int | None:
    """The integer ``value`` names if it lies in [low, high], else None.

    ``str.isdigit()`` alone also accepts "²" or "٣", which ``int()`` refuses or reads
    differently: only ASCII digits count here.
    """
    if not value or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    return number if low <= number <= high else None
