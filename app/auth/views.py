"""Logging in and out, e-mail confirmation and password reset."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, services
from app.auth.after_response import after_response
from app.auth.forms import ChangePasswordForm, EmailForm, LoginForm, ResetPasswordForm
from app.auth.limits import limit_attempts, limit_password_checks
from app.auth.passwords import verify_password
from app.auth.permissions import is_moderator
from app.auth.tokens import TokenError, TokenPurpose, read_token
from app.extensions import db
from app.web import render


def _safe_next(target: str | None) -> str | None:
    """A path on this site, or None.

    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so a path
    starting with a slash, a tab and a slash leads to another site; a line break cannot go into
    a header at all. A target holding any whitespace or invisible character is refused rather
    than cleaned, and so is one that starts with two slashes or a slash and a backslash.
    """
    if not target or any(char.isspace() or not char.isprintable() for char in target):
        return None
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    return target if not parts.scheme and not parts.netloc else None


def _home_for(user) -> str:
    # By endpoint name: accounts must not import the moderation feature.
    if is_moderator(user) and "moderation.index" in current_app.view_functions:
        return url_for("moderation.index")
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
@limit_attempts
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None or not user.is_active:
            error = _("The e-mail or password is incorrect.")
        elif user.email_confirmed_at is None:
            error = _("Please confirm your e-mail address first: follow the link we sent you.")
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or _home_for(user))
    form.password.data = ""
    return render("auth/login.html", form=form, error=error, resend_form=EmailForm(prefix="resend"))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("mandate.home"))


@bp.get("/confirm/<token>")
def confirm(token: str):
    try:
        user = read_token(token, TokenPurpose.CONFIRM_EMAIL)
    except TokenError as error:
        return render(
            "auth/token_problem.html",
            status=400,
            expired=error.expired,
            resend_form=EmailForm(prefix="resend"),
        )
    if services.confirm_email(user):
        db.session.commit()
        flash(_("Thank you: your e-mail address is confirmed. You can log in now."), "success")
    else:
        flash(_("Your e-mail address was already confirmed."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/confirm/resend")
@limit_attempts
def resend_confirmation():
    form = EmailForm(prefix="resend")
    if form.validate_on_submit():
        # After the answer: how long it takes must not tell which addresses wait.
        after_response(partial(services.resend_confirmation_link, form.email.data))
    flash(_("If that address waits for confirmation, a new link is on its way."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limit_attempts
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        # The same answer, as fast, whether or not the address has an account: the link is
        # looked for and sent after it.
        after_response(partial(services.send_reset_link, form.email.data))
        flash(
            _("If the address has an account, a link to reset the password is on its way."), "info"
        )
        return redirect(url_for("auth.login"))
    return render("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = read_token(token, TokenPurpose.RESET_PASSWORD)
    except TokenError as error:
        return render(
            "auth/token_problem.html", status=400, expired=error.expired, resend_form=None
        )
    form = ResetPasswordForm(account=user)
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        if user.email_confirmed_at is None:
            services.confirm_email(user)  # the link reached the inbox: the address is real
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render("auth/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limit_password_checks
def change_password():
    form = ChangePasswordForm(account=current_user)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is incorrect."))
        else:
            services.set_password(current_user, form.password.data)
            db.session.commit()
            # Other sessions end with the new session version; this one continues.
            login_user(current_user._get_current_object())
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(_home_for(current_user))
    return render("auth/change_password.html", form=form)
