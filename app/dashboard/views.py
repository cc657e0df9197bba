from __future__ import annotations

from flask_login import current_user

from app.auth.permissions import has_association, require
from app.dashboard import bp
from app.events.queries import latest_events
from app.moderation.history import DECISION_LABELS, recent_decisions
from app.web import render


@bp.get("/dashboard")
@require(has_association)
def index():
    association = current_user.association
    return render(
        "dashboard/index.html",
        association=association,
        latest_events=latest_events(association.id),
        decisions=recent_decisions(association.id),
        decision_labels=DECISION_LABELS,
    )
