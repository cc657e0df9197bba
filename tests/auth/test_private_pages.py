"""Pages for one person are never stored by a browser or a proxy; public pages for cookieless
visitors stay cacheable."""

from __future__ import annotations

import pytest

from app.auth.services import find_user
from app.auth.tokens import TokenPurpose, make_token
from app.caching import PUBLIC_MAX_AGE
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association


@pytest.fixture
def member(app):
    with app.app_context():
        user = make_account(association=make_association(slug="own"))
        db.session.commit()
        return user.email


def test_every_answer_to_a_logged_in_user_is_no_store(client, member):
    log_in(client, member)
    for url in ("/kk/", "/kk/events", "/kk/associations", "/kk/dashboard", "/kk/auth/password"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_same_public_page_stays_cacheable_for_a_cookieless_visitor(app, client, member):
    log_in(app.test_client(), member)
    response = client.get("/kk/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == f"public, max-age={PUBLIC_MAX_AGE}"


def test_every_account_page_is_no_store_even_for_a_visitor(app, client, member):
    with app.test_request_context():
        token = make_token(find_user(member), TokenPurpose.RESET_PASSWORD)
    for url in ("/kk/auth/login", "/kk/auth/register", "/kk/auth/reset", f"/kk/auth/reset/{token}"):
        response = app.test_client().get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    failed = client.post("/kk/auth/login", data={"email": member, "password": "wrong password!"})
    assert failed.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable_for_a_logged_in_user(client, member):
    log_in(client, member)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()
