"""Field-by-field differences shown to moderators, with values as people read them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.associations.forms import AssociationProfileForm
from app.associations.models import Association
from app.events.content import changed_fields, decode
from app.events.forms import EventForm
from app.extensions import db
from app.i18n import date_long, time_short
from app.reference.models import EthnicCommunity, Region, StatutoryTask

Row = tuple[str, str, str]


def _display(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return f"{date_long(value)}, {time_short(value)}"
    if field == "region_id":
        region = db.session.get(Region, value)
        return region.name if region else str(value)
    if field == "community_id":
        community = db.session.get(EthnicCommunity, value)
        return community.name if community else str(value)
    if field == "task_number":
        task = db.session.get(StatutoryTask, value)
        return f"{task.number}. {task.short}" if task else str(value)
    return str(value)


def _labels(form_class) -> dict[str, str]:
    form = form_class(formdata=None, meta={"csrf": False})
    return {name: str(field.label.text) for name, field in form._fields.items()}


def profile_diff(association: Association) -> list[Row]:
    labels = _labels(AssociationProfileForm)
    return [
        (
            labels.get(field, field),
            _display(field, getattr(association, field)),
            _display(field, value),
        )
        for field, value in (association.pending_changes or {}).items()
    ]


def revision_diff(event, data: dict) -> list[Row]:
    labels = _labels(EventForm)
    for flag, label in (
        ("held_in_kk", _("Held in Kazakh")),
        ("held_in_ru", _("Held in Russian")),
        ("held_in_en", _("Held in English")),
        ("held_in_other", _("Held in another language")),
    ):
        labels[flag] = label
    proposed = decode(data)
    return [
        (
            labels.get(field, field),
            _display(field, getattr(event, field)),
            _display(field, proposed[field]),
        )
        for field in changed_fields(event, data)
    ]
