"""Demo data from the command line: ``flask demo load``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.events import EventSummary, load_demo_events
from app.demo.loader import ASSOCIATION_EMAIL_DOMAIN, DEMO_PASSWORD, load_demo_data

demo_cli = AppGroup(
    "demo", help="Demo associations, their events and log-ins for trying the platform."
)


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo associations, accounts and events (safe to run again)."""
    # Every demo account, admin included, has a password printed in the source code.
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("demo data has well-known passwords: not loaded in production")
    summary = load_demo_data()
    events = load_demo_events()
    statuses = ", ".join(
        f"{count} {status}" for status, count in sorted(summary.created_by_status.items())
    )
    click.echo(
        f"associations: {summary.associations_created} created"
        + (f" ({statuses})" if statuses else "")
        + f", {summary.associations_existing} already there"
    )
    click.echo(f"users: {summary.users_created} created")
    click.echo(_events_line(events))
    click.echo("Demo log-ins:")
    for label, email in summary.logins:
        click.echo(f"  {label}: {email} / {DEMO_PASSWORD}")
    click.echo(f"  Each association: <slug>@{ASSOCIATION_EMAIL_DOMAIN} / {DEMO_PASSWORD}")


def _events_line(events: EventSummary) -> str:
    """E.g. "events: 198 created (160 approved, …; 5 with changes waiting …), 0 already there"."""
    total = sum(events.created.values())
    counts = ", ".join(f"{count} {status}" for status, count in events.created.most_common())
    if events.revisions:
        counts += f"; {events.revisions} with changes waiting for review"
    return (
        f"events: {total} created"
        + (f" ({counts})" if counts else "")
        + f", {events.existing} already there"
    )
