"""An association's page shows its approved upcoming and past events, and nothing else."""

from __future__ import annotations

from datetime import timedelta

from app.db import utcnow
from app.extensions import db
from tests.factories import make_association, make_event


def test_association_page_lists_its_public_upcoming_and_past_events(app, client):
    with app.app_context():
        association = make_association(slug="koreans")
        make_event(association, title_kk="Алдағы кеш")
        make_event(association, title_kk="Өткен кеш", starts_at=utcnow() - timedelta(days=30))
        make_event(association, title_kk="Жоба кеш", status="draft")
        make_event(association, title_kk="Қаралудағы кеш", status="submitted")
        make_event(association, title_kk="Тоқтатылған кеш", status="cancelled")
        make_event(make_association(slug="other"), title_kk="Басқаның кеші")
        db.session.commit()
    page = client.get("/kk/associations/koreans").text
    upcoming, _, past = page.partition('id="association-past-title"')
    assert "Алдағы кеш" in upcoming and "Тоқтатылған кеш" in upcoming
    assert "Өткен кеш" in past
    for hidden in ("Жоба кеш", "Қаралудағы кеш", "Басқаның кеші"):
        assert hidden not in page


def test_home_and_task_pages_link_to_the_filtered_event_list(client):
    assert 'href="/en/events?task=3"' in client.get("/en/tasks/3").text
    assert 'href="/en/events"' in client.get("/en/").text
