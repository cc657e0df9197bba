"""Accounts from the command line: ``flask users create|list|deactivate``."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from app.audit import record
from app.auth.models import Role, User
from app.auth.passwords import MIN_PASSWORD_LENGTH, is_easy_to_guess
from app.auth.services import create_user, end_sessions, find_user
from app.db import utcnow
from app.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([Role.MODERATOR.value, Role.ADMIN.value]),
    default=Role.MODERATOR.value,
    show_default=True,
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--locale", type=click.Choice(["kk", "ru", "en"]), default="kk", show_default=True)
def create_command(email: str, role: str, password_stdin: bool, locale: str) -> None:
    """Create a moderator or admin account (confirmed, able to log in at once)."""
    if find_user(email):
        raise click.ClickException(f"an account with {email} already exists")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if is_easy_to_guess(password, [email]):
        raise click.ClickException(
            "the password is too easy to guess: use a few unrelated words, not the e-mail address"
        )
    user = create_user(email, password, role=Role(role), locale=locale, email_confirmed_at=utcnow())
    record(None, "account.create", user, after=role)
    db.session.commit()
    click.echo(f"created {role} {user.email}")


@users_cli.command("list")
def list_command() -> None:
    """List every account with its role and state."""
    for user in db.session.scalars(db.select(User).order_by(User.role, User.email)):
        state = "active" if user.is_active_account else "deactivated"
        confirmed = "confirmed" if user.email_confirmed_at else "unconfirmed"
        click.echo(f"{user.email}\t{user.role}\t{state}\t{confirmed}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop an account from logging in; its sessions end at once."""
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"no account with {email}")
    user.is_active_account = False
    end_sessions(user)
    record(None, "account.deactivate", user, before="active", after="deactivated")
    db.session.commit()
    click.echo(f"deactivated {user.email}")
