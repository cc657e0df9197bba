"""Public pages of events: the list, each event, and calendar feeds."""

from app.events.blueprint import bp  # noqa: F401
