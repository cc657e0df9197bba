"""Associations: sign-up, the public directory and pages, and each association's own profile."""

from flask import Blueprint

bp = Blueprint("associations", __name__, url_prefix="/<lang_code>", template_folder="templates")

from app.associations import manage, public  # noqa: E402, F401  (their routes join bp)
from app.associations.lifecycle import profile_changes_wait_for_review  # noqa: E402
from app.associations.models import AssociationStatus  # noqa: E402
from app.associations.permissions import can_edit_association, can_view_association  # noqa: E402

# Templates ask the same predicates the views enforce.
for _helper in (can_edit_association, can_view_association, profile_changes_wait_for_review):
    bp.add_app_template_global(_helper)
bp.add_app_template_global(AssociationStatus, "AssociationStatus")
