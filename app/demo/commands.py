"""Demo data from the command line: ``flask demo load`` (the small set to try the platform) and
``flask demo load --events N --associations M`` (a national-scale set to measure it)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.events import EventSummary, load_demo_events
from app.demo.loader import ASSOCIATION_EMAIL_DOMAIN, DEMO_PASSWORD, load_demo_data
from app.demo.scale import SCALE_EMAIL_DOMAIN, SEED, default_sizes, load_scale_data

demo_cli = AppGroup(
    "demo", help="Demo associations, their events and log-ins for trying the platform."
)


@demo_cli.command("load")
@click.option(
    "--events",
    type=click.IntRange(min=0),
    help="Generate a national-scale set of this many events instead of the small demo set.",
)
@click.option(
    "--associations",
    type=click.IntRange(min=1),
    help="Associations of the national-scale set [default: one per 50 events, at least 10].",
)
@click.option("--seed", default=SEED, show_default=True, help="Seed of the national-scale set.")
def load_command(events: int | None, associations: int | None, seed: str) -> None:
    """Load the demo associations, accounts and events (safe to run again), or with --events
    or --associations a national-scale set of them for measuring."""
    # Every demo account, admin included, has a password printed in the source code.
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("demo data has well-known passwords: not loaded in production")
    if events is not None or associations is not None:
        _load_at_scale(*default_sizes(events, associations), seed)
        return
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


def _load_at_scale(events: int, associations: int, seed: str) -> None:
    summary = load_scale_data(events, associations, seed)
    if summary.existing:
        found_associations, found_events = summary.existing
        click.echo(
            f"a national-scale set is already there ({found_associations} associations, "
            f"{found_events} events in all): nothing generated"
        )
        return
    click.echo(f"associations: {_counts(summary.associations)}; users: {summary.users}")
    click.echo(f"events: {_counts(summary.events)}")
    click.echo(
        f"changes to published events: {_counts(summary.revisions)}; "
        f"reports: {_counts(summary.reports)}"
    )
    click.echo(f"generated in {summary.seconds:.1f} s")
    click.echo(f"Log-ins: <slug>@{SCALE_EMAIL_DOMAIN} / {DEMO_PASSWORD}, and the demo staff")


def _counts(counter) -> str:
    """E.g. "100 (80 approved, 20 pending)"."""
    parts = ", ".join(f"{count} {status}" for status, count in counter.most_common())
    return f"{sum(counter.values())} ({parts})" if parts else "0"
