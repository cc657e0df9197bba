"""An association's dashboard: its status, its latest events and the moderators' decisions.

It composes what the associations, events and moderation features each know, so it depends on
all three and none of them on it.
"""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/<lang_code>", template_folder="templates")

from app.dashboard import views  # noqa: E402, F401  (its routes join bp)
