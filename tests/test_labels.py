"""Every status, role and kind of value a person sees has a label in kk, ru and en."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.associations.models import (
    ASSOCIATION_STATUS_LABELS,
    LEGAL_FORM_LABELS,
    LEVEL_LABELS,
    AssociationLevel,
    AssociationStatus,
    LegalForm,
)
from app.auth.models import ROLE_LABELS, Role
from app.events.models import (
    EVENT_STATUS_LABELS,
    FORMAT_LABELS,
    REPORT_REASON_LABELS,
    REPORT_STATUS_LABELS,
    Event,
    EventFormat,
    EventStatus,
    ReportReason,
    ReportStatus,
)
from tests.factories import make_association

VOCABULARIES = [
    (AssociationStatus, ASSOCIATION_STATUS_LABELS),
    (AssociationLevel, LEVEL_LABELS),
    (LegalForm, LEGAL_FORM_LABELS),
    (Role, ROLE_LABELS),
    (EventStatus, EVENT_STATUS_LABELS),
    (EventFormat, FORMAT_LABELS),
    (ReportReason, REPORT_REASON_LABELS),
    (ReportStatus, REPORT_STATUS_LABELS),
]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    ("enum", "labels"), VOCABULARIES, ids=[enum.__name__ for enum, _ in VOCABULARIES]
)
def test_every_value_has_a_translated_label(app, lang, enum, labels):
    assert set(labels) == set(enum), "a value without a label, or a label without a value"
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        texts = {value: str(labels[value]).strip() for value in enum}
        assert all(texts.values()), texts
        assert not any(text == value.value for value, text in texts.items()), texts
        if lang != "en":
            with force_locale("en"):
                english = {value: str(labels[value]) for value in enum}
            untranslated = [t for v, t in texts.items() if t == english[v] and t.isascii()]
            assert untranslated == []


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_status_badge_renders_a_label(app, app_context, lang):
    association = make_association()
    badge = '{% include "events/_status.html" %}|{% include "associations/_status.html" %}'
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        for status in EventStatus:
            item = Event(status=status, association=association)
            html = render_template_string(badge, item=item, association=association)
            event_badge = html.split("|")[0]
            assert f"badge--{status.value}" in event_badge
            assert f">{EVENT_STATUS_LABELS[status]}</span>" in event_badge
            assert "></span>" not in event_badge
        for status in AssociationStatus:
            association.status = status
            html = render_template_string(badge, item=item, association=association)
            assert f">{ASSOCIATION_STATUS_LABELS[status]}</span>" in html.split("|")[1]
