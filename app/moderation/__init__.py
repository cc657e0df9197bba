"""Moderation: the queue, reviews and decisions, notes, the audit log, admins' actions."""

from flask import Blueprint

bp = Blueprint(
    "moderation", __name__, url_prefix="/<lang_code>/moderation", template_folder="templates"
)

from app.moderation import admin_views, log, views  # noqa: E402, F401  (their routes join bp)
