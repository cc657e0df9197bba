"""Public pages: the directory of approved associations and each association's profile."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.associations.blueprint import bp
from app.associations.models import AssociationStatus
from app.associations.permissions import can_view_association
from app.associations.queries import DirectoryFilter, directory_page, public_association
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
    return render(
        "associations/detail.html",
        association=association,
        is_public=association.status == AssociationStatus.APPROVED,
    )
