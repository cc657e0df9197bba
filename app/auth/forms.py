from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.auth.models import User
from app.auth.passwords import MIN_PASSWORD_LENGTH, is_easy_to_guess
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


class HardToGuess:
    """A new password that a guesser would not find soon, even knowing who its owner is.

    The owner's details are what the form holds besides passwords (the sign-up form's e-mail
    and names) and, on a form for a known account, that account's e-mail address.
    """

    def __call__(self, form, field) -> None:
        if field.errors:  # too short or too long already says what to fix
            return
        if is_easy_to_guess(field.data, _personal_details(form)):
            raise ValidationError(
                _l(
                    "This password is too easy to guess. Use a few unrelated words, not a name, "
                    "your e-mail address or a sequence like 12345."
                )
            )


def _personal_details(form) -> list[str]:
    typed = [
        field.data
        for field in form
        if isinstance(field, StringField)
        and not isinstance(field, PasswordField)
        and isinstance(field.data, str)
    ]
    account = getattr(form, "account", None)
    return [*typed, account.email] if account is not None else typed


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
            HardToGuess(),
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


class AccountPasswordForm(SiteForm):
    """A new password for a known account, whose e-mail it must not be built from."""

    def __init__(self, *args, account: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account


class ResetPasswordForm(AccountPasswordForm):
    password, confirm = new_password_fields()


class ChangePasswordForm(AccountPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()
