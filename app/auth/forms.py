from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.forms import SiteForm


def email_field() -> EmailField:
    return EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Email(
                message=_l("Enter a valid e-mail address, like name@example.kz."),
                check_deliverability=False,
            ),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("The password must be at least %(min)d characters long."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(SiteForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Remember me on this device"))


class EmailForm(SiteForm):
    email = email_field()


class ResetPasswordForm(SiteForm):
    password, confirm = new_password_fields()


class ChangePasswordForm(SiteForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()
