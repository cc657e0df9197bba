"""Choosing a password: long enough and hard to guess wherever one is chosen (sign-up, reset,
change); checking the current one is rate limited."""

from __future__ import annotations

import pytest

from app.associations.models import Association
from app.auth.models import User
from app.auth.passwords import verify_password
from app.auth.tokens import TokenPurpose, make_token
from app.demo.loader import DEMO_PASSWORD
from app.extensions import db
from tests.conftest import log_in
from tests.factories import make_account, registration_form

TOO_EASY = "This password is too easy to guess."
# Long enough for the length rule, each one found in the first guesses of any attacker.
GUESSABLE = ["aaaaaaaaaa", "1234567890", "password12", "qwertyuiop", "chair@example.kz"]


@pytest.fixture
def member(app):
    with app.app_context():
        user = make_account()
        db.session.commit()
        return user.email


def error_of(page: str, field: str) -> str:
    return page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("password", GUESSABLE)
def test_sign_up_refuses_a_guessable_password_and_keeps_the_rest(app, client, password):
    with app.app_context():
        data = registration_form(password=password, confirm=password)
    response = client.post("/en/auth/register", data=data)
    assert response.status_code == 200
    assert TOO_EASY in error_of(response.text, "password")
    assert 'value="chair@example.kz"' in response.text
    assert "Ассоциация корейцев Казахстана" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Association)) == 0


@pytest.mark.parametrize(
    ("fields", "password"),
    [
        ({"name_ru": "Общество польской культуры «Полония»"}, "Полония2026!"),
        ({"chairperson": "Ким Елена"}, "Ким Елена 1990"),
    ],
)
def test_sign_up_refuses_a_password_built_from_the_names_typed(app, client, fields, password):
    """Each password would pass from a stranger; from the owner of these names it would not."""
    with app.app_context():
        data = registration_form(**fields, password=password, confirm=password)
    response = client.post("/en/auth/register", data=data)
    assert TOO_EASY in error_of(response.text, "password")


def test_a_password_of_a_few_unrelated_words_is_accepted(app, client):
    with app.app_context():
        data = registration_form(password="lantern orbit mango", confirm="lantern orbit mango")
    assert "Check your e-mail" in client.post("/en/auth/register", data=data).text


def reset_link(app, email: str) -> str:
    with app.test_request_context():
        user = db.session.scalars(db.select(User).filter_by(email=email)).one()
        return f"/en/auth/reset/{make_token(user, TokenPurpose.RESET_PASSWORD)}"


def password_hash(app, email: str) -> str:
    with app.app_context():
        return db.session.scalars(db.select(User.password_hash).filter_by(email=email)).one()


@pytest.mark.parametrize("password", [*GUESSABLE, "chair@example.kz!"])
def test_reset_refuses_a_guessable_password(app, client, member, password):
    response = client.post(
        reset_link(app, member), data={"password": password, "confirm": password}
    )
    assert response.status_code == 200
    assert TOO_EASY in error_of(response.text, "password")
    assert verify_password(password_hash(app, member), "correct horse battery")


@pytest.mark.parametrize("password", [*GUESSABLE, "chair@example.kz!"])
def test_change_refuses_a_guessable_password(app, client, member, password):
    log_in(client, member)
    response = client.post(
        "/en/auth/password",
        data={
            "current_password": "correct horse battery",
            "password": password,
            "confirm": password,
        },
    )
    assert response.status_code == 200
    assert TOO_EASY in error_of(response.text, "password")
    assert verify_password(password_hash(app, member), "correct horse battery")


def test_a_too_short_password_gets_one_message_not_two(app, client, member):
    response = client.post(reset_link(app, member), data={"password": "aaa", "confirm": "aaa"})
    assert "at least 10 characters" in error_of(response.text, "password")
    assert TOO_EASY not in response.text


def test_the_passwords_the_project_itself_uses_pass_the_rule():
    from app.auth.passwords import is_easy_to_guess

    assert not is_easy_to_guess(DEMO_PASSWORD, ["demo-association@example.kz"])
    assert not is_easy_to_guess("correct horse battery", ["chair@example.kz"])


def test_the_command_line_refuses_a_guessable_password(runner):
    result = runner.invoke(
        args=["users", "create", "mod@example.kz", "--password-stdin"], input="1234567890\n"
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output


def wrong_current_password(client):
    return client.post(
        "/en/auth/password",
        data={
            "current_password": "not my password",
            "password": "lantern orbit mango",
            "confirm": "lantern orbit mango",
        },
    )


def test_checking_the_current_password_is_limited_per_account(app, client, member):
    log_in(client, member)
    statuses = [wrong_current_password(client).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # Another device of the same account, from another address, waits too.
    other_device = app.test_client()
    other_device.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    log_in(other_device, member)
    assert wrong_current_password(other_device).status_code == 429


def test_checking_the_current_password_is_limited_per_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "AUTH_RATE_LIMIT_PER_IP", "3 per minute")
    statuses = []
    for n in range(2):
        with app.app_context():
            make_account(email=f"member{n}@example.kz")
            db.session.commit()
        client = app.test_client()
        log_in(client, f"member{n}@example.kz")
        statuses += [wrong_current_password(client).status_code for _ in range(2)]
    assert statuses == [200, 200, 200, 429]
