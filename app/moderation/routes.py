"""The moderation feature's blueprint with every route module attached."""

from app.moderation import admin_views, history, log  # noqa: F401  (their routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
