"""Logging in and out, rate limits, sessions."""

from __future__ import annotations

import pytest

from app.auth.models import User
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, make_association


@pytest.fixture
def member(app):
    with app.app_context():
        association = make_association(status="pending")
        user = make_account(association=association)
        db.session.commit()
        return user.email


def test_login_lands_on_the_dashboard(client, member):
    response = log_in(client, member)
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/dashboard"
    page = client.get("/kk/dashboard").text
    assert "Бекітуді күтуде" in page


def test_login_follows_a_local_next_but_never_another_site(client, member):
    response = client.post(
        "/kk/auth/login?next=/kk/tasks/2",
        data={"email": member, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/kk/tasks/2"
    client.post("/kk/auth/logout")
    response = client.post(
        "/kk/auth/login?next=//evil.example/x",
        data={"email": member, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/kk/dashboard"


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",  # browsers drop the tab and read //evil.example
        "/%0A/evil.example",
        "/%0D/evil.example",
        "/kk/%0D%0ASet-Cookie:%20x=1",  # a line break cannot go into a header: never a 500
        "/%5C/evil.example",
        "/%5Cevil.example",
        "//evil.example",
        "%20//evil.example",
        "https://evil.example/kk/",
        "javascript:alert(1)",
        "evil.example/kk",
        "/%E2%80%8B/evil.example",  # a zero-width space
        "/%C2%A0/evil.example",  # a no-break space
        "/kk/tasks/2%00",
    ],
)
def test_login_refuses_a_next_target_that_leaves_the_site_or_hides_characters(
    client, member, target
):
    page = client.get(f"/kk/auth/login?next={target}")
    assert page.status_code == 200
    response = client.post(
        f"/kk/auth/login?next={target}",
        data={"email": member, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/kk/dashboard"


def test_wrong_password_and_unknown_email_get_the_same_message(client, member):
    wrong_password = log_in(client, member, "wrong password!", lang="en")
    unknown_email = log_in(client, "nobody@example.kz", "correct horse battery", lang="en")
    assert wrong_password.status_code == unknown_email.status_code == 200
    message = "The e-mail or password is incorrect."
    assert message in wrong_password.text
    assert message in unknown_email.text
    assert member in wrong_password.text  # the e-mail typed is kept
    assert "correct horse battery" not in unknown_email.text  # the password is not


def test_unconfirmed_account_cannot_log_in_yet(app, client):
    with app.app_context():
        make_account(email="new@example.kz", email_confirmed_at=None)
        db.session.commit()
    response = log_in(client, "new@example.kz", lang="en")
    assert "Please confirm your e-mail address first" in response.text


def test_deactivated_account_cannot_log_in(app, client):
    with app.app_context():
        make_account(email="gone@example.kz", is_active_account=False)
        db.session.commit()
    assert (
        "The e-mail or password is incorrect." in log_in(client, "gone@example.kz", lang="en").text
    )


def test_logout_ends_the_session(client, member):
    log_in(client, member)
    client.post("/kk/auth/logout")
    assert client.get("/kk/dashboard").status_code == 302


def replay(app, name: str, value: str):
    """A browser that has nothing but one copied cookie."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def test_logout_ends_the_copied_session_and_remember_cookies_too(app, client, member):
    client.post(
        "/kk/auth/login",
        data={"email": member, "password": "correct horse battery", "remember": "y"},
    )
    copied = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    for name, value in copied.items():  # each one alone opens the account until log-out
        assert replay(app, name, value).get("/kk/dashboard").status_code == 200, name
    client.post("/kk/auth/logout")
    for name, value in copied.items():
        assert replay(app, name, value).get("/kk/dashboard").status_code == 302, name
    assert log_in(client, member).status_code == 302  # logging in again works


def test_session_cookie_is_httponly_and_lax(client, member):
    response = log_in(client, member)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_remember_me_sets_a_remember_cookie(client, member):
    response = client.post(
        "/kk/auth/login",
        data={"email": member, "password": "correct horse battery", "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def test_changing_the_password_ends_other_sessions(app, member):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, member)
    log_in(laptop, member)
    response = laptop.post(
        "/en/auth/password",
        data={
            "current_password": "correct horse battery",
            "password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/en/dashboard").status_code == 200
    assert phone.get("/en/dashboard").status_code == 302
    assert log_in(app.test_client(), member, "a brand new secret").status_code == 302


def test_change_password_needs_the_current_one(client, member):
    log_in(client, member)
    response = client.post(
        "/en/auth/password",
        data={
            "current_password": "nope",
            "password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert "The current password is incorrect." in response.text


def test_login_is_rate_limited_per_account_from_one_address(app, member):
    statuses = [log_in(app.test_client(), member, "wrong password!").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # Another account from the same address is not locked out by it.
    assert log_in(app.test_client(), "other@example.kz", "x" * 12).status_code == 200


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_stranger_cannot_lock_the_owner_out(app, member, monkeypatch):
    # Low enough that a ceiling counting the stranger's refused attempts would be reached.
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT_PER_IP", "3 per minute")
    stranger = client_at(app, "203.0.113.9")
    statuses = [log_in(stranger, member, "wrong password!").status_code for _ in range(40)]
    assert statuses[:3] == [200] * 3
    assert set(statuses[3:]) == {429}
    assert log_in(client_at(app, "198.51.100.7"), member).headers["Location"] == "/kk/dashboard"
    assert log_in(stranger, member).status_code == 429  # the right password, the wrong address


def test_an_account_tried_from_many_addresses_meets_a_ceiling(app, member, monkeypatch):
    """Ten addresses' worth of the per-address limit: a guess spread wide still slows down."""
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT_PER_IP", "2 per minute")
    for n in range(10):
        guesser = client_at(app, f"203.0.113.{n + 1}")
        for _ in range(2):
            assert log_in(guesser, member, "wrong password!").status_code == 200
    assert log_in(client_at(app, "203.0.113.99"), member, "wrong password!").status_code == 429
    # Other accounts are not affected.
    assert log_in(client_at(app, "203.0.113.99"), "other@example.kz", "x" * 12).status_code == 200


def test_login_is_rate_limited_per_address(app, member):
    app.config["AUTH_RATE_LIMIT_PER_IP"] = "3 per minute"
    try:
        client = app.test_client()
        statuses = [log_in(client, f"u{i}@example.kz", "x" * 12).status_code for i in range(4)]
    finally:
        app.config["AUTH_RATE_LIMIT_PER_IP"] = "30 per 10 minutes"
    assert statuses == [200, 200, 200, 429]


def test_every_post_needs_a_csrf_token(app, member):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = log_in(app.test_client(), member, lang="en")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "The form has expired" in response.text


def test_users_are_stored_with_argon2_hashes(app, member):
    with app.app_context():
        user = db.session.scalars(db.select(User).filter_by(email=member)).one()
        assert user.password_hash.startswith("$argon2id$")
