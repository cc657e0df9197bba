"""Reading values from URLs, forms and cookies that anyone can write, and list filters.

Every list that filters by its URL (the events, the directory, the moderation queue, the audit
log) declares its parameters with :func:`param` on a :class:`ListFilter` dataclass; one parser
per kind of value reads them, and a malformed or unknown value is dropped as if never given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any, Self

from app.dates import in_supported_years

MAX_PAGE = 99_999
# A slug or a reference code in a URL.
CODE = r"[a-z0-9_-]{1,120}"
REGION_CODE = r"KZ-\d{2}"


def bounded_int(value: str | None, low: int = 0, high: int = 10**9) -> int | None:
    """The integer ``value`` names if it lies in [low, high], else None.

    ``str.isdigit()`` alone also accepts "²" or "٣", which ``int()`` refuses or reads
    differently: only ASCII digits count here.
    """
    if not value or not value.isascii() or not value.isdigit() or len(value) > 12:
        return None
    number = int(value)
    return number if low <= number <= high else None


# Parsers: each takes the raw text and answers a value, or None for "not given".
def integer(low: int = 0, high: int = 10**9) -> Callable[[str], int | None]:
    return lambda raw: bounded_int(raw, low, high)


def text(max_length: int, lower: bool = False) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = raw.strip()[:max_length]
        return (value.lower() if lower else value) or None

    return parse


def one_of(options: Iterable[str]) -> Callable[[str], str | None]:
    allowed = frozenset(str(option) for option in options)
    return lambda raw: raw if raw in allowed else None


def matching(pattern: str) -> Callable[[str], str | None]:
    compiled = re.compile(pattern)
    return lambda raw: raw.strip() if compiled.fullmatch(raw.strip()) else None


def iso_day(raw: str) -> date | None:
    """A YYYY-MM-DD day within the years the app supports."""
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None
    return day if day is not None and in_supported_years(day) else None


def param(
    parse: Callable[[str], Any], name: str | None = None, many: bool = False, default: Any = None
):
    """A filter field read from the URL parameter ``name`` (the field's own name by default);
    ``many`` reads every value of a repeated parameter into a sorted, de-duplicated tuple."""
    metadata = {"parse": parse, "name": name, "many": many}
    if many:
        return field(default=(), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class ListFilter:
    """Filters of a list as its URL gives them, and back to URL arguments for links."""

    page: int = param(integer(1, MAX_PAGE), default=1)

    @classmethod
    def from_args(cls, args) -> Self:
        values: dict[str, Any] = {}
        for spec in fields(cls):
            parse, name = spec.metadata["parse"], spec.metadata["name"] or spec.name
            if spec.metadata["many"]:
                parsed = {parse(raw) for raw in args.getlist(name)} - {None}
                values[spec.name] = tuple(sorted(parsed))
            else:
                value = parse(args.get(name, ""))
                if value is not None:
                    values[spec.name] = value
        return cls(**values)

    def args(self, **changes) -> dict[str, Any]:
        """URL arguments for this filter (with ``changes``), leaving out empty ones."""
        values = {}
        for spec in fields(self):
            value = changes.get(spec.name, getattr(self, spec.name))
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            values[spec.metadata["name"] or spec.name] = value
        return {k: v for k, v in values.items() if v and not (k == "page" and v == 1)}

    def without(self, **fields_to_change) -> Self:
        return replace(self, **fields_to_change)

    @property
    def is_empty(self) -> bool:
        return not any(value for key, value in self.args().items() if key != "page")
