"""The mandate: home, the Assembly's history and Law, its goal and six statutory tasks."""

from flask import Blueprint

bp = Blueprint("mandate", __name__, url_prefix="/<lang_code>", template_folder="templates")

from app.mandate import views  # noqa: E402, F401  (their routes join bp)
