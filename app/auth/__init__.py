"""Accounts: log-in, e-mail confirmation, password reset and change."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/<lang_code>/auth", template_folder="templates")

from app.auth import views  # noqa: E402, F401  (their routes join bp)
from app.auth.permissions import is_admin, is_moderator  # noqa: E402
from app.auth.private_pages import forbid_storing_private_pages  # noqa: E402

# The navigation and every feature's templates ask who may moderate or administer.
bp.add_app_template_global(is_moderator)
bp.add_app_template_global(is_admin)
# Every response of the app, not only this blueprint's: a logged-in user's pages are all private.
bp.after_app_request(forbid_storing_private_pages)
