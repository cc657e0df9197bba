"""Demo data from the command line: ``flask demo load``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.loader import ASSOCIATION_EMAIL_DOMAIN, DEMO_PASSWORD, load_demo_data

demo_cli = AppGroup("demo", help="Demo associations and log-ins for trying the platform.")


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo associations and accounts (safe to run again)."""
    # Every demo account, admin included, has a password printed in the source code.
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("demo data has well-known passwords: not loaded in production")
    summary = load_demo_data()
    statuses = ", ".join(
        f"{count} {status}" for status, count in sorted(summary.created_by_status.items())
    )
    click.echo(
        f"associations: {summary.associations_created} created"
        + (f" ({statuses})" if statuses else "")
        + f", {summary.associations_existing} already there"
    )
    click.echo(f"users: {summary.users_created} created")
    click.echo("Demo log-ins:")
    for label, email in summary.logins:
        click.echo(f"  {label}: {email} / {DEMO_PASSWORD}")
    click.echo(f"  Each association: <slug>@{ASSOCIATION_EMAIL_DOMAIN} / {DEMO_PASSWORD}")
