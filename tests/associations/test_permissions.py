"""Who may open what: every route of the associations and accounts features, for every role."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.auth.models import Role
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association, registration_form

ROLES = ("anonymous", "association_a", "association_b", "moderator", "admin")


@pytest.fixture
def people(app):
    with app.app_context():
        a = make_association(
            slug="assoc-a", status="pending", name_kk="А бірлестігі", chairperson="Құпия Төраға"
        )
        b = make_association(slug="assoc-b", name_kk="Б бірлестігі")
        make_account(email="a@example.kz", association=a)
        make_account(email="b@example.kz", association=b)
        make_account(email="mod@example.kz", role=Role.MODERATOR)
        make_account(email="admin@example.kz", role=Role.ADMIN)
        db.session.commit()


EMAILS = {
    "association_a": "a@example.kz",
    "association_b": "b@example.kz",
    "moderator": "mod@example.kz",
    "admin": "admin@example.kz",
}


def client_as(app, role):
    client = app.test_client()
    if role != "anonymous":
        assert log_in(client, EMAILS[role]).status_code == 302
    return client


# method, url, expected status for: anonymous, association A, association B, moderator, admin
TABLE = [
    ("GET", "/kk/auth/register", (200, 302, 302, 302, 302)),
    ("GET", "/kk/auth/login", (200, 200, 200, 200, 200)),
    ("POST", "/kk/auth/logout", (302, 302, 302, 302, 302)),
    ("GET", "/kk/auth/reset", (200, 200, 200, 200, 200)),
    ("GET", "/kk/auth/password", (302, 200, 200, 200, 200)),
    ("GET", "/kk/auth/confirm/forged", (400, 400, 400, 400, 400)),
    ("GET", "/kk/auth/reset/forged", (400, 400, 400, 400, 400)),
    ("GET", "/kk/dashboard", (302, 200, 200, 403, 403)),
    ("GET", "/kk/dashboard/profile", (302, 200, 200, 403, 403)),
    ("GET", "/kk/associations", (200, 200, 200, 200, 200)),
    ("GET", "/kk/associations/assoc-a", (404, 200, 404, 200, 200)),
    ("GET", "/kk/associations/assoc-b", (200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize(
    ("method", "url", "expected"), TABLE, ids=[f"{m} {u}" for m, u, _ in TABLE]
)
def test_permission_table(app, people, method, url, expected):
    statuses = tuple(client_as(app, role).open(url, method=method).status_code for role in ROLES)
    assert statuses == expected


def test_association_b_cannot_read_a(app, people):
    b = client_as(app, "association_b")
    assert "Құпия Төраға" not in b.get("/kk/dashboard").text
    assert "Құпия Төраға" not in b.get("/kk/dashboard/profile").text
    assert "Құпия Төраға" not in b.get("/kk/associations/assoc-a").text


def test_a_profile_edit_changes_only_the_members_own_association(app, people):
    """The edit must land on B (so the test sees it worked) and never on A."""
    b = client_as(app, "association_b")
    with app.app_context():
        data = registration_form(name_kk="Өзгертілген", chairperson="Жаңа Төраға", bin=None)
    assert b.post("/kk/dashboard/profile", data=data).status_code == 302
    with app.app_context():
        a = db.session.scalars(db.select(Association).filter_by(slug="assoc-a")).one()
        own = db.session.scalars(db.select(Association).filter_by(slug="assoc-b")).one()
        assert own.chairperson == "Жаңа Төраға"
        assert own.pending_changes["name_kk"] == "Өзгертілген"
        assert (a.name_kk, a.chairperson, a.pending_changes) == (
            "А бірлестігі",
            "Құпия Төраға",
            None,
        )
