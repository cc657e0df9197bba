"""The events feature's routes: the public list, pages and feeds, and the associations' own."""

from app.events import manage, public, reports  # noqa: F401  (their routes join the blueprint)
from app.events.blueprint import bp

__all__ = ["bp"]
