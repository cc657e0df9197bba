from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import (
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from app.associations import queries
from app.associations.models import LEGAL_FORM_LABELS, LEVEL_LABELS, LegalForm
from app.associations.validators import is_valid_bin
from app.auth.forms import email_field, new_password_fields
from app.extensions import db
from app.forms import MultiCheckboxField, SiteForm, int_or_none
from app.reference.models import EthnicCommunity
from app.reference.queries import all_tasks, communities_by_name, regions_by_name
from app.urls import is_web_url


class AssociationProfileForm(SiteForm):
    """The public profile of an association; the same fields at sign-up and when editing."""

    name_kk = StringField(
        _l("Official name in Kazakh"),
        validators=[Optional(), Length(max=300)],
        description=_l("Give the name in Kazakh, in Russian, or both."),
    )
    name_ru = StringField(_l("Official name in Russian"), validators=[Optional(), Length(max=300)])
    community_id = SelectField(
        _l("Ethnic community"),
        coerce=int_or_none,
        validators=[DataRequired(message=_l("Choose the ethnic community."))],
    )
    community_other = StringField(
        _l("Name of the community"),
        validators=[Optional(), Length(max=120)],
        description=_l("Only if you chose “Other community”."),
    )
    region_id = SelectField(
        _l("Region"),
        coerce=int_or_none,
        validators=[DataRequired(message=_l("Choose the region."))],
    )
    locality = StringField(
        _l("City, town or village"),
        validators=[DataRequired(message=_l("Enter the locality.")), Length(max=120)],
    )
    bin = StringField(
        _l("BIN"),
        validators=[Optional()],
        description=_l(
            "Business identification number: 12 digits. Leave empty if the "
            "association is not registered as a legal entity."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    founded_year = IntegerField(
        _l("Year founded"),
        # A text input: whatever was typed is shown back, even if it is not a number.
        widget=TextInput(),
        validators=[
            Optional(),
            NumberRange(
                min=1900,
                max=date.today().year,
                message=_l("Enter a year between %(min)s and %(max)s."),
            ),
        ],
        render_kw={"inputmode": "numeric"},
    )
    level = SelectField(
        _l("Level"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(value.value, label) for value, label in LEVEL_LABELS.items()],
        validators=[DataRequired(message=_l("Choose the level."))],
    )
    legal_form = SelectField(
        _l("Legal form"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(value.value, label) for value, label in LEGAL_FORM_LABELS.items()],
        validators=[DataRequired(message=_l("Choose the legal form."))],
    )
    parent_id = SelectField(
        _l("Parent association"),
        coerce=int_or_none,
        validators=[Optional()],
        description=_l("For branches: the association this branch belongs to."),
    )
    chairperson = StringField(_l("Chairperson"), validators=[Optional(), Length(max=200)])
    description_kk = TextAreaField(
        _l("Description in Kazakh"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "What the association does. Markdown is allowed: *italic*, **bold**, lists and links."
        ),
    )
    description_ru = TextAreaField(
        _l("Description in Russian"), validators=[Optional(), Length(max=5000)]
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[Optional(), Length(max=5000)]
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=500)],
        description=_l("A full address starting with https:// or http://"),
    )
    contact_email = EmailField(
        _l("Public contact e-mail"),
        validators=[
            Optional(),
            Email(
                message=_l("Enter a valid e-mail address, like name@example.kz."),
                check_deliverability=False,
            ),
            Length(max=254),
        ],
    )
    contact_phone = StringField(
        _l("Public contact phone"),
        validators=[Optional(), Length(max=40)],
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )
    focus_tasks = MultiCheckboxField(
        _l("Statutory tasks you work on"),
        coerce=int_or_none,
        validators=[DataRequired(message=_l("Choose at least one statutory task."))],
        description=_l("Choose every task of the Assembly that your association advances."),
    )

    def __init__(self, *args, association=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._association = association
        self.community_id.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(c.id, c.name) for c in communities_by_name()
        ]
        self.region_id.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(r.id, r.name) for r in regions_by_name()
        ]
        self.parent_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(a.id, a.name)
            for a in queries.approved_associations()
            if association is None or a.id != association.id
        ]
        self.focus_tasks.choices = [
            SelectChoice(
                task.number,
                Markup('<strong>{}. {}</strong> <span class="help">{}</span>').format(
                    task.number, escape(task.short), escape(task.text)
                ),
            )
            for task in all_tasks()
        ]

    def validate(self, extra_validators=None) -> bool:
        """Field rules first, then the rules that join several fields."""
        valid = super().validate(extra_validators)
        for field, message in self._cross_field_errors():
            field.errors = [*field.errors, message]
            valid = False
        return valid

    def _cross_field_errors(self):
        if not (self.name_kk.data or "").strip() and not (self.name_ru.data or "").strip():
            yield self.name_ru, _l("Enter the official name in Kazakh or in Russian.")
        community = db.session.get(EthnicCommunity, self.community_id.data or 0)
        if (
            community is not None
            and community.is_other
            and not (self.community_other.data or "").strip()
        ):
            yield self.community_other, _l("Name the community.")
        if self.legal_form.data == LegalForm.BRANCH and not self.parent_id.data:
            yield self.parent_id, _l("Choose the association this branch belongs to.")

    def validate_bin(self, field):
        value = (field.data or "").strip().replace(" ", "")
        field.data = value or None
        if not value:
            return
        if not is_valid_bin(value):
            raise ValidationError(_l("This is not a valid BIN: check the 12 digits."))
        if queries.bin_taken(value, except_id=getattr(self._association, "id", None)):
            raise ValidationError(_l("An association with this BIN is already registered."))

    def validate_website(self, field):
        if field.data and not is_web_url(field.data.strip()):
            raise ValidationError(_l("Enter a full web address starting with https:// or http://"))


class RegistrationForm(AssociationProfileForm):
    email = email_field()
    # A taken address is not an error here: the page must not tell who has an account
    # (the view answers as for a new address and mails the owner).
    password, confirm = new_password_fields()
