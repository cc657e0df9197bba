"""Public pages for cookieless visitors: cacheable, conditional, few statements, and never
stale after a decision."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.auth.models import Role
from app.caching import current_generation
from app.db import utcnow
from app.events.models import Event, EventStatus
from app.extensions import db
from tests.conftest import log_in
from tests.events.test_query_count import counted_statements
from tests.factories import make_account, make_association, make_event


@pytest.fixture
def site(app):
    """A public association with upcoming events; returns the URLs of its pages."""
    with app.app_context():
        association = make_association(slug="koreans")
        events = [
            make_event(association, utcnow() + timedelta(days=n + 1), task_number=n % 6 + 1)
            for n in range(8)
        ]
        db.session.commit()
        first = events[0]
        return {
            "home": "/kk/",
            "list": "/kk/events",
            "filtered": "/ru/events?task=6&region=KZ-75&community=korean&association=koreans&q=1",
            "event": f"/en/events/{first.id}-{first.slug}",
            "task": "/kk/tasks/6",
            "directory": "/kk/associations",
            "association": "/kk/associations/koreans",
            "ics": "/kk/events.ics?task=6",
            "atom": "/kk/events.atom?task=6",
        }


def test_public_pages_are_public_cacheable_and_cookieless(app, client, site):
    for name, url in site.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Set-Cookie" not in response.headers, name
        assert "cookie" not in response.headers.get("Vary", "").lower(), name
        assert response.headers["Cache-Control"].startswith("public"), name
        assert response.headers["ETag"], name


@pytest.mark.parametrize("name", ["list", "filtered", "ics", "atom"])
def test_lists_and_feeds_answer_a_conditional_get_with_304(app, client, site, name):
    first = client.get(site[name])
    again = client.get(site[name], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_at_most_six_statements_per_public_page_and_none_from_the_cache(app, client, site):
    for name, url in site.items():
        with counted_statements(app) as first:
            assert client.get(url).status_code == 200
        with counted_statements(app) as second:
            assert client.get(url).status_code == 200
        assert len(first) <= 6, (name, first)
        assert second == [], name


def test_a_decision_is_visible_on_the_next_request(app, client, site):
    with app.app_context():
        waiting = make_event(
            make_association(slug="tatars"),
            utcnow() + timedelta(days=2),
            status=EventStatus.SUBMITTED,
            title_kk="Сабантуй",
        )
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        db.session.commit()
        waiting_id, version = waiting.id, waiting.version
    assert "Сабантуй" not in client.get("/kk/events").text
    assert "Сабантуй" not in client.get("/kk/events").text  # now from the cache

    moderator = app.test_client()
    log_in(moderator, "mod@example.kz")
    decided = moderator.post(
        f"/kk/moderation/event/{waiting_id}/decide", data={"action": "approve", "version": version}
    )
    assert decided.status_code == 303
    assert "Сабантуй" in client.get("/kk/events").text

    with app.app_context():
        db.session.get(Event, waiting_id).title_kk = "Сабантуй мерекесі"
        db.session.commit()
    assert "Сабантуй мерекесі" in client.get("/kk/events").text


def test_visitors_with_cookies_are_never_served_a_shared_page(app, client, site):
    with app.app_context():
        make_account(email="member@example.kz", association=make_association(slug="own"))
        db.session.commit()
    client.get(site["home"])  # stored for cookieless visitors
    member = app.test_client()
    log_in(member, "member@example.kz")
    response = member.get(site["home"])
    assert "member@example.kz" in response.text or "/kk/dashboard" in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_a_page_that_starts_a_session_is_never_shared(app, app_with, database_url):
    """With CSRF on, the log-in form puts a token in a new session: each visitor needs their
    own page, so it is neither stored nor served from the cache."""
    protected = app_with(database_url, WTF_CSRF_ENABLED=True)
    first, second = protected.test_client(), protected.test_client()
    pages = [client.get("/en/auth/login") for client in (first, second)]
    for page in pages:
        assert page.status_code == 200
        assert "Set-Cookie" in page.headers
        assert page.headers["Cache-Control"] == "no-store"
    assert pages[0].text != pages[1].text  # two tokens, two sessions


def test_a_draft_leaves_the_cached_public_pages_alone_and_an_approval_renews_them(app, client):
    """Writes no visitor can see keep the cache (associations write drafts all day); a change
    to a public event, or one that makes it public, is visible on the next request."""
    with app.app_context():
        association = make_association()
        draft = make_event(association, status="draft", title_en="Quiet draft")
        db.session.commit()
        draft_id = draft.id
    client.get("/en/events")
    with app.app_context():
        before = current_generation()
        db.session.get(Event, draft_id).title_en = "Still a draft"
        db.session.commit()
        assert current_generation() == before
    with app.app_context():
        db.session.get(Event, draft_id).status = "approved"
        db.session.commit()
        assert current_generation() != before
    assert "Still a draft" in client.get("/en/events").text
