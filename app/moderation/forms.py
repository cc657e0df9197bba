from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import SiteForm


class DecisionForm(SiteForm):
    """approve / reject / request changes / …: the button pressed names the action."""

    reason = TextAreaField(
        _l("Reason for the association"),
        validators=[Optional(), Length(max=2000)],
        description=_l(
            "Required to reject, to ask for changes or to unpublish. The association sees it."
        ),
    )
    version = IntegerField(validators=[Optional()])

    def validate_for(self, action: str, allowed: set[str], needs_reason: bool) -> bool:
        """``allowed`` and ``needs_reason`` are the item's lifecycle's answers for ``action``."""
        valid = self.validate()
        if action not in allowed:
            self.form_errors.append(_l("This action is not possible for this item."))
            valid = False
        if needs_reason and not (self.reason.data or "").strip():
            self.reason.errors = [
                *self.reason.errors,
                _l("Give a reason: the association will see it."),
            ]
            valid = False
        return valid


class NoteForm(SiteForm):
    text = TextAreaField(
        _l("Internal note"),
        validators=[DataRequired(message=_l("Write the note.")), Length(max=4000)],
        description=_l("Only moderators see notes."),
    )
