"""Every route of the app against every role: anonymous, association, moderator, admin.

The table must name every route (and method) the app has: a new route without a row here fails
``test_every_route_is_in_the_table``.
"""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.events.models import EventRevision, Report
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association, make_event

ROLES = ("anonymous", "association", "moderator", "admin")
EMAILS = {"association": "a@example.kz", "moderator": "mod@example.kz", "admin": "admin@example.kz"}


@pytest.fixture
def world(app):
    """Association A (its member logs in), another association B, and items of each kind."""
    with app.app_context():
        a = make_association(slug="assoc-a")
        b = make_association(slug="assoc-b")
        pending = make_association(slug="assoc-pending", status="pending")
        make_account(email="a@example.kz", association=a)
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        admin = make_account(email="admin@example.kz", role=Role.ADMIN)
        other_moderator = make_account(email="mod2@example.kz", role=Role.MODERATOR)
        own = make_event(a, slug="own")
        own_draft = make_event(a, slug="own-draft", status="draft")
        other = make_event(b, slug="other")
        submitted = make_event(b, slug="submitted", status="submitted")
        revision = EventRevision(event=other, status="submitted", data={"title_kk": "Жаңа"})
        report = Report(event=other, reason="spam")
        db.session.add_all([revision, report])
        db.session.commit()
        return {
            "a": a.id,
            "b": b.id,
            "pending": pending.id,
            "own": own.id,
            "own_draft": own_draft.id,
            "other": other.id,
            "submitted": submitted.id,
            "revision": revision.id,
            "report": report.id,
            "admin": admin.id,
            "other_moderator": other_moderator.id,
        }


# endpoint, method, url template, expected status for anonymous, association, moderator, admin.
# 302 for anonymous on private pages: the log-in page. 404 where the item is someone else's.
TABLE = [
    ("root", "GET", "/", (302, 302, 302, 302)),
    ("health.healthz", "GET", "/healthz", (200, 200, 200, 200)),
    ("health.readyz", "GET", "/readyz", (200, 200, 200, 200)),
    ("mandate.home", "GET", "/kk/", (200, 200, 200, 200)),
    ("mandate.mandate", "GET", "/kk/mandate", (200, 200, 200, 200)),
    ("mandate.tasks", "GET", "/kk/tasks", (200, 200, 200, 200)),
    ("mandate.task", "GET", "/kk/tasks/3", (200, 200, 200, 200)),
    ("associations.index", "GET", "/kk/associations", (200, 200, 200, 200)),
    ("associations.detail", "GET", "/kk/associations/assoc-b", (200, 200, 200, 200)),
    ("associations.detail", "GET", "/kk/associations/assoc-pending", (404, 404, 200, 200)),
    ("associations.register", "GET", "/kk/auth/register", (200, 302, 302, 302)),
    ("associations.register", "POST", "/kk/auth/register", (200, 302, 302, 302)),
    ("dashboard.index", "GET", "/kk/dashboard", (302, 200, 403, 403)),
    ("associations.edit_profile", "GET", "/kk/dashboard/profile", (302, 200, 403, 403)),
    ("associations.edit_profile", "POST", "/kk/dashboard/profile", (302, 200, 403, 403)),
    ("auth.login", "GET", "/kk/auth/login", (200, 200, 200, 200)),
    ("auth.login", "POST", "/kk/auth/login", (200, 200, 200, 200)),
    ("auth.logout", "POST", "/kk/auth/logout", (302, 302, 302, 302)),
    ("auth.confirm", "GET", "/kk/auth/confirm/forged", (400, 400, 400, 400)),
    ("auth.resend_confirmation", "POST", "/kk/auth/confirm/resend", (302, 302, 302, 302)),
    ("auth.forgot_password", "GET", "/kk/auth/reset", (200, 200, 200, 200)),
    ("auth.forgot_password", "POST", "/kk/auth/reset", (200, 200, 200, 200)),
    ("auth.reset_password", "GET", "/kk/auth/reset/forged", (400, 400, 400, 400)),
    ("auth.reset_password", "POST", "/kk/auth/reset/forged", (400, 400, 400, 400)),
    ("auth.change_password", "GET", "/kk/auth/password", (302, 200, 200, 200)),
    ("auth.change_password", "POST", "/kk/auth/password", (302, 200, 200, 200)),
    ("events.index", "GET", "/kk/events", (200, 200, 200, 200)),
    ("events.feed_ics", "GET", "/kk/events.ics", (200, 200, 200, 200)),
    ("events.feed_atom", "GET", "/kk/events.atom", (200, 200, 200, 200)),
    ("events.detail", "GET", "/kk/events/{other}-other", (200, 200, 200, 200)),
    ("events.detail", "GET", "/kk/events/{submitted}-submitted", (404, 404, 200, 200)),
    ("events.detail", "GET", "/kk/events/{own_draft}-own-draft", (404, 200, 200, 200)),
    ("events.ics", "GET", "/kk/events/{other}-other.ics", (200, 200, 200, 200)),
    ("events.report", "GET", "/kk/events/{other}-other/report", (200, 200, 200, 200)),
    ("events.report", "POST", "/kk/events/{other}-other/report", (200, 200, 200, 200)),
    ("events.mine", "GET", "/kk/dashboard/events", (302, 200, 403, 403)),
    ("events.create", "GET", "/kk/dashboard/events/new", (302, 200, 403, 403)),
    ("events.create", "POST", "/kk/dashboard/events/new", (302, 200, 403, 403)),
    ("events.edit", "GET", "/kk/dashboard/events/{own}/edit", (302, 200, 403, 403)),
    ("events.edit", "GET", "/kk/dashboard/events/{other}/edit", (302, 404, 403, 403)),
    ("events.edit", "POST", "/kk/dashboard/events/{other}/edit", (302, 404, 403, 403)),
    ("events.withdraw", "POST", "/kk/dashboard/events/{other}/withdraw", (302, 404, 403, 403)),
    ("events.cancel", "POST", "/kk/dashboard/events/{other}/cancel", (302, 404, 403, 403)),
    ("moderation.index", "GET", "/kk/moderation", (302, 403, 200, 200)),
    ("moderation.log", "GET", "/kk/moderation/log", (302, 403, 200, 200)),
    ("moderation.review", "GET", "/kk/moderation/association/{pending}", (302, 403, 200, 200)),
    ("moderation.review", "GET", "/kk/moderation/event/{submitted}", (302, 403, 200, 200)),
    ("moderation.review", "GET", "/kk/moderation/revision/{revision}", (302, 403, 200, 200)),
    ("moderation.review", "GET", "/kk/moderation/report/{report}", (302, 403, 200, 200)),
    ("moderation.review", "GET", "/kk/moderation/unknown/1", (302, 403, 404, 404)),
    ("moderation.decide", "POST", "/kk/moderation/event/{submitted}/decide", (302, 403, 200, 200)),
    ("moderation.note", "POST", "/kk/moderation/event/{submitted}/notes", (302, 403, 200, 200)),
    (
        "moderation.association_action",
        "POST",
        "/kk/moderation/associations/{b}/trust",
        (302, 403, 403, 303),
    ),
    ("moderation.moderators", "GET", "/kk/moderation/moderators", (302, 403, 403, 200)),
    (
        "moderation.deactivate",
        "POST",
        "/kk/moderation/moderators/{other_moderator}/deactivate",
        (302, 403, 403, 303),
    ),
    ("static", "GET", "/static/css/site.css", (200, 200, 200, 200)),
]


def client_as(app, role):
    client = app.test_client()
    if role != "anonymous":
        assert log_in(client, EMAILS[role]).status_code == 302
    return client


@pytest.mark.parametrize(
    ("endpoint", "method", "url", "expected"), TABLE, ids=[f"{m} {u}" for _, m, u, _ in TABLE]
)
def test_permission_table(app, world, endpoint, method, url, expected):
    url = url.format(**world)
    statuses = []
    for role in ROLES:
        response = client_as(app, role).open(url, method=method)
        statuses.append(response.status_code)
        response.close()
    assert tuple(statuses) == expected


def test_every_route_is_in_the_table(app):
    covered = {(endpoint, method) for endpoint, method, _, _ in TABLE}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - covered == set()
