import click
from flask.cli import AppGroup

from app.reference.loader import load_reference_data

reference_cli = AppGroup("reference", help="Statutory tasks, regions and ethnic communities.")


@reference_cli.command("load")
def load_command() -> None:
    """Load or update the reference rows (safe to run again)."""
    changes = load_reference_data()
    click.echo(", ".join(f"{kind}: {count} changed" for kind, count in changes.items()))
