"""Form pieces shared by every feature."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


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
