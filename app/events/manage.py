"""The association's own event pages: submission, drafts, editing, cancelling."""

from app.events.blueprint import bp  # noqa: F401
