"""Public pages: the directory of approved associations and each association's profile."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.associations import bp
from app.associations.permissions import can_view_association
from app.associations.queries import DirectoryFilter, directory_page, public_association
from app.events.queries import association_events
from app.reference.queries import all_tasks, communities_by_name, regions_by_name
from app.web import render


@bp.get("/associations")
def index():
    filters = DirectoryFilter.from_args(request.args)
    return render(
        "associations/index.html",
        fragment="results",
        filters=filters,
        page=directory_page(filters),
        regions=regions_by_name(),
        communities=communities_by_name(),
        tasks=all_tasks(),
    )


@bp.get("/associations/<slug>")
def detail(slug: str):
    association = public_association(slug)
    if association is None or not can_view_association(current_user, association):
        abort(404)
    # The profile lists the association's public events: the one place this feature reads
    # another's data, through that feature's own query.
    upcoming, past = association_events(association.id) if association.is_public else ([], [])
    return render(
        "associations/detail.html",
        association=association,
        is_public=association.is_public,
        upcoming=upcoming,
        past=past,
    )
