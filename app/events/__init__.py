"""Events: the public list, pages and feeds, reports from the public, and the associations' own."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/<lang_code>", template_folder="templates")

from app.events import listing, manage, public, reports  # noqa: E402, F401  (routes, hooks)
from app.events.lifecycle import is_edited_through_revision  # noqa: E402
from app.events.permissions import (  # noqa: E402
    can_cancel_event,
    can_edit_event,
    can_report_event,
    can_submit_events,
    can_withdraw_event,
)
from app.events.presentation import event_url, place_text  # noqa: E402

# Templates ask the same predicates the views enforce, so a button shows only when it works.
for _helper in (
    can_cancel_event,
    can_edit_event,
    can_report_event,
    can_submit_events,
    can_withdraw_event,
    is_edited_through_revision,
    event_url,
    place_text,
):
    bp.add_app_template_global(_helper)
