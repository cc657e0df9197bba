"""The list costs the same number of SQL statements however many events it shows."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from app.db import utcnow
from app.events.models import Event
from app.events.presentation import event_url
from app.extensions import db
from tests.conftest import REFERENCE_TABLES
from tests.factories import make_association, make_event


@contextmanager
def counted_statements(app):
    """Every statement sent to the database while the block runs."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)


def make_events(app, count: int, shared_association: bool) -> None:
    """``count`` upcoming events; each with its own association unless told to share one."""
    with app.app_context():
        shared = make_association(slug="shared") if shared_association else None
        for n in range(count):
            association = shared or make_association(slug=f"association-{n}")
            make_event(
                association, utcnow() + timedelta(days=n + 1), task_number=n % 6 + 1,
                has_step_free_access=True,
            )  # fmt: skip
        db.session.commit()


def wipe(app) -> None:
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()


def statements_for(app, client, urls, count: int, shared_association=False) -> int:
    make_events(app, count, shared_association)
    try:
        with counted_statements(app) as statements:
            for url, headers in urls:
                response = client.get(url, headers=headers)
                assert response.status_code == 200
                if url.startswith(("/kk/events?", "/ru/events?", "/en/events?")):
                    assert response.text.count('class="event-card"') == count
    finally:
        wipe(app)
    return len(statements)


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        ("/kk/events?", False),
        ("/en/events?access=step_free&region=KZ-75&community=korean&q=%D1%96", False),
        ("/ru/events?association=shared&task=1&task=2&task=3&task=4&task=5&task=6", True),
    ],
)
def test_list_statement_count_does_not_grow_with_the_events_shown(app, client, url, shared):
    two, twenty = (statements_for(app, client, [(url, {})], n, shared) for n in (2, 20))
    assert two == twenty


def test_htmx_fragment_and_feeds_do_not_grow_either(app, client):
    urls = [
        ("/en/events?", {"HX-Request": "true"}),
        ("/en/events.ics", {}),
        ("/en/events.atom", {}),
    ]
    two, twenty = (statements_for(app, client, urls, n) for n in (2, 20))
    assert two == twenty


# Every public page, the first time it is asked for (nothing cached). The budget is six
# statements per page; what each page costs is pinned here, so that a change shows up.
PUBLIC_PAGES = ["/kk/", "/ru/tasks/1", "/en/associations", "/kk/associations/shared"]
MAX_STATEMENTS = 6


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_stay_within_six_statements_however_much_data(app, client, url):
    two, twenty = (statements_for(app, client, [(url, {})], n, True) for n in (2, 20))
    assert two == twenty <= MAX_STATEMENTS


def test_the_event_page_stays_within_six_statements(app, client):
    make_events(app, 3, shared_association=True)
    with app.test_request_context():
        url = event_url(db.session.scalars(select(Event)).first(), lang="kk")
    with counted_statements(app) as statements:
        assert client.get(url).status_code == 200
    assert len(statements) <= MAX_STATEMENTS
