"""The association's own pages: sign-up, the dashboard and profile editing."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app.associations import bp
from app.associations.forms import AssociationProfileForm, RegistrationForm
from app.associations.permissions import can_edit_association
from app.associations.services import PROFILE_FIELDS, register_association, update_profile
from app.auth.permissions import has_association, require
from app.auth.services import (
    answer_sign_up_with_taken_email,
    find_user,
    queue_confirmation_mail,
)
from app.extensions import db, limiter
from app.i18n import current_language
from app.web import render


def _form_data(form) -> dict:
    return {
        **{field: form[field].data for field in PROFILE_FIELDS},
        "focus_tasks": form.focus_tasks.data,
    }


@bp.route("/auth/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        email = form.email.data
        try:
            if (owner := find_user(email)) is not None:
                answer_sign_up_with_taken_email(owner, form.password.data)
            else:
                queue_confirmation_mail(
                    register_association(
                        _form_data(form), email, form.password.data, current_language()
                    )
                )
            db.session.commit()
        except IntegrityError:
            # The same BIN (public, so it may be named) or address saved meanwhile.
            db.session.rollback()
            if find_user(email) is None:
                form.bin.errors.append(_("An association with this BIN is already registered."))
            else:
                return render("associations/registered.html", email=email)
        else:
            return render("associations/registered.html", email=email)
    form.password.data = form.confirm.data = ""
    return render("associations/register.html", form=form)


@bp.route("/dashboard/profile", methods=["GET", "POST"])
@require(has_association)
def edit_profile():
    association = current_user.association
    if not can_edit_association(current_user, association):
        abort(403)
    form = AssociationProfileForm(obj=association, association=association)
    if not form.is_submitted():
        form.focus_tasks.data = [task.number for task in association.focus_tasks]
        for field, value in (association.pending_changes or {}).items():
            form[field].data = value
    if form.validate_on_submit():
        try:
            waiting = update_profile(association, _form_data(form), current_user)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.bin.errors.append(_("An association with this BIN is already registered."))
        else:
            if waiting:
                flash(
                    _(
                        "Saved. The changed name, BIN or community will be public after a "
                        "moderator checks them; until then the approved profile stays public."
                    ),
                    "info",
                )
            else:
                flash(_("Your profile has been saved."), "success")
            return redirect(url_for("dashboard.index"))
    return render("associations/edit_profile.html", form=form, association=association)
