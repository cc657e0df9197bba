"""Form pieces shared by every feature."""

from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, TextAreaField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.characters import LINE_BREAKS_AND_TABS, control_characters
from app.dates import FIRST_DAY, FIRST_YEAR, LAST_DAY, LAST_YEAR, in_supported_years


class SiteForm(FlaskForm):
    """The base of every form: no text field accepts control characters, and single-line ones
    take no line breaks or tabs either.

    Checked after the fields' own validators rather than among them: ``Optional()`` ends the
    chain for a value Python calls blank, and several control characters count as whitespace.
    """

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            message = _control_character_error(field)
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid


def _control_character_error(field) -> str | None:
    """What is wrong with a text field's characters, if anything. The text stays as typed."""
    if not isinstance(field, StringField) or not isinstance(field.data, str):
        return None
    found = control_characters(field.data, multiline=isinstance(field, TextAreaField))
    invisible = [char for char in found if char not in LINE_BREAKS_AND_TABS]
    if invisible:
        code_point = f"U+{ord(invisible[0]):04X}"
        return gettext(
            "The text contains an invisible control character (%(code)s), often left by "
            "copying from another program. Delete it and try again.",
            code=code_point,
        )
    if found:
        return gettext("Write this on one line, without line breaks or tabs.")
    return None


class WithinSupportedYears:
    """A date or a time in the years the app supports (see ``app.dates``); the input's ``min``
    and ``max`` tell the browser the same. ``html_format`` is the input's value format."""

    def __init__(self, html_format: str = "%Y-%m-%dT%H:%M"):
        self.field_flags = {
            "min": datetime.combine(FIRST_DAY, time.min).strftime(html_format),
            "max": datetime.combine(LAST_DAY, time(23, 59)).strftime(html_format),
        }

    def __call__(self, form, field) -> None:
        if field.data is not None and not in_supported_years(field.data):
            raise ValidationError(
                gettext(
                    "Enter a date in the years %(first)s to %(last)s.",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (easier on phones than a multiple select)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def int_or_none(value) -> int | None:
    """Coerces a choice to int; anything else becomes None and fails the choice check."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
