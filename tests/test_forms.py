"""Every form refuses control characters in its text, with an error that keeps what was typed."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField

from app.forms import SiteForm

INVISIBLE = "Той\x01 кеші"
ON_TWO_LINES = "Той\nкеші"
IN_COLUMNS = "Той\tкеші"
PARAGRAPHS = "Бірінші\r\n\tекінші\nүшінші"
C1_AND_DEL = ("\x85", "\x9b", "\x7f", "\x1b")


def app_forms() -> list[type[FlaskForm]]:
    """Every form class the app defines (the app fixture has imported every feature)."""
    found, pending = [], [FlaskForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("app.") and subclass is not SiteForm:
                found.append(subclass)
    return found


def text_fields(form) -> list[StringField]:
    return [f for f in form if isinstance(f, StringField) and f.name != "csrf_token"]


def filled(app, form_class, value_for) -> SiteForm:
    """A form of ``form_class`` posted with ``value_for(field)`` in each text field, validated."""
    with app.test_request_context("/en/", method="POST"):
        names = [field.name for field in text_fields(form_class(formdata=None))]
        form = form_class(formdata=MultiDict({name: value_for(name) for name in names}))
        form.validate()
        return form


def test_every_form_of_the_app_is_a_site_form(app):
    forms = app_forms()
    assert len(forms) >= 8
    assert [form.__name__ for form in forms if not issubclass(form, SiteForm)] == []


def test_every_text_field_of_every_form_refuses_an_invisible_character(app):
    missed = []
    for form_class in app_forms():
        form = filled(app, form_class, lambda name: INVISIBLE)
        for field in text_fields(form):
            if not any("U+0001" in str(error) for error in field.errors):
                missed.append(f"{form_class.__name__}.{field.name}")
            assert "\x01" in field.data  # shown back as typed, to be corrected
    assert missed == []


def test_single_line_fields_refuse_line_breaks_and_tabs_and_multi_line_ones_keep_them(app):
    problems = []
    for form_class in app_forms():
        for text in (ON_TWO_LINES, IN_COLUMNS, PARAGRAPHS):
            form = filled(app, form_class, lambda name, text=text: text)
            for field in text_fields(form):
                refused = any("one line" in str(error) for error in field.errors)
                if refused == isinstance(field, TextAreaField):
                    problems.append(f"{form_class.__name__}.{field.name}: {text!r}")
    assert problems == []


@pytest.mark.parametrize("char", C1_AND_DEL)
def test_multi_line_fields_refuse_c1_controls_and_delete(app, char):
    from app.moderation.forms import NoteForm

    form = filled(app, NoteForm, lambda name: f"Ескерту{char}")
    assert f"U+{ord(char):04X}" in " ".join(map(str, form.text.errors))


def test_a_blank_looking_control_character_is_refused_even_where_the_field_is_optional(app):
    """Python counts U+001C as whitespace, so ``Optional()`` alone would let it through."""
    from app.events.forms import EventForm

    form = filled(app, EventForm, lambda name: "\x1c")
    assert any("U+001C" in str(error) for error in form.title_en.errors)


def test_the_error_is_translated(app):
    from app.moderation.forms import NoteForm

    with app.test_request_context("/kk/", method="POST"):
        form = NoteForm(formdata=MultiDict({"text": INVISIBLE}))
        form.validate()
        (error,) = form.text.errors
    assert "көрінбейтін басқару таңбасы (U+0001)" in error
