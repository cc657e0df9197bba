"""The years the app accepts, filters by and publishes: one range for forms, filters and feeds.

2000 to 2100 is wide enough for any event the Assembly's associations hold or plan, and fixed,
so a shared filter URL or a test means the same thing every year. It keeps every date far from
the ends of Python's calendar (years 1 and 9999), where moving a time to UTC+5 or describing
the time zone for a calendar overflows.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.config import LOCAL_ZONE

FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)
# The same days as instants, by Kazakhstan's calendar: compared without converting the time,
# which would overflow for a stored year 9999.
_FIRST_INSTANT = datetime.combine(FIRST_DAY, time.min, LOCAL_ZONE)
_END_INSTANT = datetime.combine(LAST_DAY + timedelta(days=1), time.min, LOCAL_ZONE)


def in_supported_years(value: date | datetime) -> bool:
    """Whether ``value`` falls within the supported years: a day, a wall-clock time in
    Kazakhstan (naive, as a form gives it) or a stored instant (aware)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return _FIRST_INSTANT <= value < _END_INSTANT
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DAY <= day <= LAST_DAY
