"""Sign-up confirmation and password reset by e-mail: signed, expiring, single-use links."""

from __future__ import annotations

import email
import re
from pathlib import Path

import pytest
from freezegun import freeze_time

from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, registration_form


def read_mail(outbox: Path) -> list[email.message.Message]:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"http://localhost(/\S+)", body).group(1)


def register(client, lang="kk", **overrides):
    with client.application.app_context():
        data = registration_form(**overrides)
    return client.post(f"/{lang}/auth/register", data=data)


def test_sign_up_sends_a_confirmation_link_in_the_users_language(client, outbox):
    response = register(client, lang="ru")
    assert response.status_code == 200
    assert "chair@example.kz" in response.text
    (message,) = read_mail(outbox)
    assert message["To"] == "chair@example.kz"
    assert "Подтвердите адрес электронной почты" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    assert link_in(message).startswith("/ru/auth/confirm/")


def test_confirmation_link_confirms_and_then_login_works(client, outbox):
    register(client)
    assert "Please confirm" in log_in(client, "chair@example.kz", lang="en").text
    link = link_in(read_mail(outbox)[0])
    assert client.get(link).headers["Location"] == "/kk/auth/login"
    assert log_in(client, "chair@example.kz").headers["Location"] == "/kk/dashboard"


def test_a_forged_confirmation_link_says_so(client):
    response = client.get("/en/auth/confirm/not-a-real-token")
    assert response.status_code == 400
    assert "The link is not valid" in response.text


def test_an_expired_confirmation_link_says_so(client, outbox):
    with freeze_time("2026-01-01 10:00:00"):
        register(client)
    link = link_in(read_mail(outbox)[0])
    with freeze_time("2026-01-04 10:00:01"):
        response = client.get(link.replace("/kk/", "/en/"))
    assert response.status_code == 400
    assert "The link has expired" in response.text


@pytest.fixture
def account(app):
    with app.app_context():
        user = make_account()
        db.session.commit()
        return user.email


def ask_for_reset(client, address="chair@example.kz"):
    # Buffered: the link is sent once the answer is closed, as a WSGI server does.
    return client.post("/en/auth/reset", data={"email": address}, buffered=True)


def test_password_reset_by_e_mail(client, account, outbox):
    response = ask_for_reset(client)
    assert response.status_code == 302
    link = link_in(read_mail(outbox)[0])
    response = client.post(link, data={"password": "my new password", "confirm": "my new password"})
    assert response.headers["Location"].endswith("/auth/login")
    assert log_in(client, account, "my new password").status_code == 302


def test_reset_request_for_an_unknown_address_looks_the_same_and_sends_nothing(client, outbox):
    response = ask_for_reset(client, "nobody@example.kz")
    assert response.status_code == 302
    assert read_mail(outbox) == []


def test_a_reset_link_works_only_once(client, account, outbox):
    ask_for_reset(client)
    link = link_in(read_mail(outbox)[0]).replace("/kk/", "/en/")
    client.post(link, data={"password": "my new password", "confirm": "my new password"})
    response = client.post(
        link, data={"password": "another password", "confirm": "another password"}
    )
    assert response.status_code == 400
    assert "The link is not valid" in response.text


def test_a_reset_link_expires_after_two_hours(client, account, outbox):
    with freeze_time("2026-05-01 08:00:00"):
        ask_for_reset(client)
    link = link_in(read_mail(outbox)[0]).replace("/kk/", "/en/")
    with freeze_time("2026-05-01 10:00:01"):
        response = client.get(link)
    assert response.status_code == 400
    assert "The link has expired" in response.text
    with freeze_time("2026-05-01 09:59:00"):
        assert client.get(link).status_code == 200


def test_reset_form_errors_keep_the_user_on_the_form(client, account, outbox):
    ask_for_reset(client)
    link = link_in(read_mail(outbox)[0]).replace("/kk/", "/en/")
    response = client.post(link, data={"password": "short", "confirm": "different"})
    assert response.status_code == 200
    assert "at least 10 characters" in response.text
    assert "The passwords do not match." in response.text
