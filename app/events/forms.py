from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import TextInput

from app.config import LOCAL_ZONE
from app.db import utcnow
from app.events.models import FORMAT_LABELS, LANGUAGE_LABELS, LONGEST_EVENT, EventFormat
from app.forms import MultiCheckboxField, SiteForm, WithinSupportedYears, int_or_none
from app.reference.queries import all_tasks, regions_by_name
from app.urls import is_web_url


class EventForm(SiteForm):
    """An event as its association describes it. Drafts need only a title; submitting needs
    everything the public will see."""

    title_kk = StringField(
        _l("Title in Kazakh"),
        validators=[Optional(), Length(max=300)],
        description=_l("Give the title in at least one language."),
    )
    title_ru = StringField(_l("Title in Russian"), validators=[Optional(), Length(max=300)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=300)])
    description_kk = TextAreaField(
        _l("Description in Kazakh"),
        validators=[Optional(), Length(max=10000)],
        description=_l("Markdown is allowed: *italic*, **bold**, lists and links."),
    )
    description_ru = TextAreaField(
        _l("Description in Russian"), validators=[Optional(), Length(max=10000)]
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[Optional(), Length(max=10000)]
    )
    task_number = RadioField(
        _l("The statutory task this event advances"),
        coerce=int_or_none,
        validators=[Optional()],
        validate_choice=True,
    )
    starts_at = DateTimeLocalField(
        _l("Starts"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional(), WithinSupportedYears()],
        description=_l("Kazakhstan time (UTC+5)."),
    )
    ends_at = DateTimeLocalField(
        _l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional(), WithinSupportedYears()]
    )
    format = RadioField(
        _l("Format"),
        choices=[SelectChoice(value.value, label) for value, label in FORMAT_LABELS.items()],
        default=EventFormat.IN_PERSON.value,
        validators=[Optional()],
    )
    region_id = SelectField(_l("Region"), coerce=int_or_none, validators=[Optional()])
    locality = StringField(_l("City, town or village"), validators=[Optional(), Length(max=120)])
    venue_address = StringField(
        _l("Venue and address"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: House of Friendship, 12 Abai Avenue, hall 2."),
    )
    online_url = URLField(_l("Link to join online"), validators=[Optional(), Length(max=500)])
    languages = MultiCheckboxField(
        _l("Languages of the event"),
        choices=[SelectChoice(code, label) for code, label in LANGUAGE_LABELS.items()],
        validators=[Optional()],
    )
    registration_url = URLField(_l("Registration link"), validators=[Optional(), Length(max=500)])
    capacity = IntegerField(
        _l("Number of places"),
        # A text input: whatever was typed is shown back, even if it is not a number.
        widget=TextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, max=1_000_000, message=_l("Enter a number from 1 to 1,000,000.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    has_step_free_access = BooleanField(_l("Step-free access"))
    has_sign_language = BooleanField(_l("Sign language interpretation"))
    has_simultaneous_translation = BooleanField(_l("Simultaneous translation"))

    def __init__(self, *args, original_start: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._original_start = original_start
        self.task_number.choices = [
            SelectChoice(
                task.number,
                Markup('<strong>{}. {}</strong> <span class="help">{}</span>').format(
                    task.number, escape(task.short), escape(task.text)
                ),
            )
            for task in all_tasks()
        ]
        self.region_id.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(region.id, region.name) for region in regions_by_name()
        ]

    @staticmethod
    def local_to_utc(value: datetime | None) -> datetime | None:
        """The wall-clock time typed in Kazakhstan, as an aware UTC datetime."""
        return value.replace(tzinfo=LOCAL_ZONE).astimezone(UTC) if value else None

    def validate_for(self, submitting: bool) -> bool:
        """Field formats always; completeness only when the event goes to review."""
        valid = self.validate()
        checks = self._completeness_errors() if submitting else self._draft_errors()
        for field, message in checks:
            field.errors = [*field.errors, message]
            valid = False
        return valid

    def _draft_errors(self):
        if not any((f.data or "").strip() for f in (self.title_kk, self.title_ru, self.title_en)):
            yield self.title_kk, _l("Give the title in at least one language.")
        for field in (self.online_url, self.registration_url):
            if field.data and not is_web_url(field.data.strip()):
                yield field, _l("Enter a full web address starting with https:// or http://")
        if self.starts_at.data and self.ends_at.data and self.ends_at.data <= self.starts_at.data:
            yield self.ends_at, _l("The end must be after the start.")
        elif (
            self.starts_at.data
            and self.ends_at.data
            and (self.ends_at.data - self.starts_at.data > LONGEST_EVENT)
        ):
            yield (
                self.ends_at,
                _l(
                    "An event lasts at most %(days)s days; publish a longer programme as several "
                    "events.",
                    days=LONGEST_EVENT.days,
                ),
            )

    def _completeness_errors(self):
        yield from self._draft_errors()
        if not self.task_number.data:
            yield self.task_number, _l("Choose the statutory task this event advances.")
        if not self.starts_at.data:
            yield self.starts_at, _l("Enter the date and time the event starts.")
        elif not self.starts_at.errors and self._starts_in_the_past():
            yield self.starts_at, _l("A new event cannot start in the past.")
        if not self.ends_at.data:
            yield self.ends_at, _l("Enter the date and time the event ends.")
        if self.format.data not in {f.value for f in EventFormat}:
            yield self.format, _l("Choose the format.")
        if self.format.data != EventFormat.ONLINE:
            if not self.region_id.data:
                yield self.region_id, _l("Choose the region.")
            if not (self.locality.data or "").strip():
                yield self.locality, _l("Enter the locality.")
            if not (self.venue_address.data or "").strip():
                yield self.venue_address, _l("Enter the venue and its address.")
        if self.format.data != EventFormat.IN_PERSON and not (self.online_url.data or "").strip():
            yield self.online_url, _l("Give the link to join online.")
        if not self.languages.data:
            yield self.languages, _l("Choose at least one language.")

    def _starts_in_the_past(self) -> bool:
        start = self.local_to_utc(self.starts_at.data)
        if self._original_start is not None and start == self._original_start:
            return False  # an unchanged start of an event under way may be in the past
        return start < utcnow()
