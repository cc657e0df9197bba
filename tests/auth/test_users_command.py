"""Accounts from the command line."""

from __future__ import annotations

from app.auth.models import User
from app.auth.passwords import verify_password
from app.extensions import db
from tests.conftest import log_in


def user(app, email) -> User:
    with app.app_context():
        return db.session.scalars(db.select(User).filter_by(email=email)).one()


def test_create_moderator_with_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["users", "create", "Mod@Example.kz", "--role", "moderator", "--password-stdin"],
        input="a long moderator password\n",
    )
    assert result.exit_code == 0, result.output
    created = user(app, "mod@example.kz")
    assert created.role == "moderator"
    assert created.email_confirmed_at is not None
    assert verify_password(created.password_hash, "a long moderator password")


def test_create_admin_with_a_prompted_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "admin@example.kz", "--role", "admin"],
        input="an admin password 1\nan admin password 1\n",
    )
    assert result.exit_code == 0, result.output
    assert user(app, "admin@example.kz").role == "admin"


def test_create_refuses_a_duplicate_or_a_short_password(app, runner):
    args = ["users", "create", "mod@example.kz", "--password-stdin"]
    assert runner.invoke(args=args, input="a long moderator password\n").exit_code == 0
    again = runner.invoke(args=args, input="a long moderator password\n")
    assert again.exit_code != 0
    assert "already exists" in again.output
    short = runner.invoke(
        args=["users", "create", "x@example.kz", "--password-stdin"], input="short\n"
    )
    assert short.exit_code != 0
    assert "at least 10" in short.output


def test_list_and_deactivate(app, runner, client):
    runner.invoke(
        args=["users", "create", "mod@example.kz", "--password-stdin"],
        input="a long moderator password\n",
    )
    assert (
        "mod@example.kz\tmoderator\tactive\tconfirmed"
        in runner.invoke(args=["users", "list"]).output
    )
    assert log_in(client, "mod@example.kz", "a long moderator password").status_code == 302
    result = runner.invoke(args=["users", "deactivate", "mod@example.kz"])
    assert result.exit_code == 0
    assert "deactivated" in runner.invoke(args=["users", "list"]).output
    # The open session ends and no new one starts.
    assert client.get("/kk/auth/password").status_code == 302
    assert log_in(client, "mod@example.kz", "a long moderator password").status_code == 200
    assert runner.invoke(args=["users", "deactivate", "nobody@example.kz"]).exit_code != 0
