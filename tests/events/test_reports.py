"""Visitors report a published event; the report joins the moderation queue."""

from __future__ import annotations

from app.events.models import Report
from app.extensions import db
from tests.factories import make_event


def test_anyone_can_report_a_published_event(app, client):
    with app.app_context():
        event = make_event(slug="nauryz", title_kk="Наурыз")
        db.session.commit()
        url = f"/en/events/{event.id}-nauryz/report"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"reason": "misleading", "text": "Күні қате"})
    assert response.status_code == 303
    with app.app_context():
        report = db.session.scalars(db.select(Report)).one()
        assert (report.reason, report.text, report.status) == ("misleading", "Күні қате", "open")


def test_a_report_needs_a_reason_and_keeps_the_text(app, client):
    with app.app_context():
        event = make_event(slug="nauryz")
        db.session.commit()
        url = f"/en/events/{event.id}-nauryz/report"
    response = client.post(url, data={"reason": "nonsense", "text": "Менің мәтінім"})
    assert response.status_code == 200
    assert "Менің мәтінім" in response.text
    assert 'id="reason-error"' in response.text


def test_reports_are_rate_limited(app, client):
    with app.app_context():
        event = make_event(slug="nauryz")
        db.session.commit()
        url = f"/en/events/{event.id}-nauryz/report"
    statuses = [client.post(url, data={"reason": "spam"}).status_code for _ in range(6)]
    assert statuses == [303] * 5 + [429]


def test_unpublished_events_cannot_be_reported(app, client):
    with app.app_context():
        event = make_event(slug="draft", status="draft")
        db.session.commit()
        url = f"/en/events/{event.id}-draft/report"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"reason": "spam"}).status_code == 404
