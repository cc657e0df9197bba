"""Admins' pages: suspending, reinstating and trusting associations; moderators' accounts."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.associations.lifecycle import ASSOCIATION
from app.associations.models import Association
from app.auth.models import Role, User
from app.auth.permissions import is_admin
from app.extensions import db
from app.lifecycle import TransitionError
from app.moderation import admin, bp
from app.web import render


def _admin_only() -> None:
    if not is_admin(current_user):
        abort(403)


def _reason() -> str | None:
    return (request.form.get("reason") or "").strip()[:2000] or None


@bp.post("/associations/<id:association_id>/<any(suspend, reinstate, trust, distrust):action>")
def association_action(association_id: int, action: str):
    _admin_only()
    association = db.session.get(Association, association_id) or abort(404)
    reason = _reason()
    try:
        if ASSOCIATION.needs_reason(action) and not reason:
            flash(_("Give a reason: the association will see it."), "error")
            return redirect(
                url_for("moderation.review", kind="association", item_id=association_id),
                code=303,
            )
        if action == "suspend":
            admin.suspend_association(association, current_user, reason)
        elif action == "reinstate":
            admin.reinstate_association(association, current_user, reason)
        else:
            admin.set_trusted(association, current_user, action == "trust", reason)
    except TransitionError:
        abort(409)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(
        url_for("moderation.review", kind="association", item_id=association_id), code=303
    )


@bp.get("/moderators")
def moderators():
    _admin_only()
    accounts = db.session.scalars(
        select(User).where(User.role.in_((Role.MODERATOR, Role.ADMIN))).order_by(User.email)
    )
    return render("moderation/moderators.html", accounts=list(accounts))


@bp.post("/moderators/<id:user_id>/deactivate")
def deactivate(user_id: int):
    _admin_only()
    account = db.session.get(User, user_id) or abort(404)
    try:
        admin.deactivate_moderator(account, current_user)
    except PermissionError:
        abort(403)
    db.session.commit()
    flash(_("The account has been deactivated."), "success")
    return redirect(url_for("moderation.moderators"), code=303)
