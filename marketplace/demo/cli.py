"""`flask seed-demo`."""

from __future__ import annotations

import click

from marketplace.demo import nadaun
from marketplace.demo.services import seed_demo
from marketplace.extensions import db


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the Nadaun sub-division with demo accounts (idempotent) and print the logins."""
    users = seed_demo()
    db.session.commit()
    click.echo("Demo data for Nadaun is loaded. Sign in with (password for all: "
               f"{nadaun.DEMO_PASSWORD}):")
    for user in users:
        click.echo(f"  {user.role.value:<10} {user.phone}  {user.name}")
    click.echo("  worker     +919418000001 … +919418000156  (156 demo workers, 26 kinds of work)")
    click.echo("  shg_member +919459000001 …  (members of 25 self-help groups; the first of each "
               "group is its leader)")
    click.echo("  resident   +919817000001 … +919817000012  (demo buyers with orders for the next "
               "delivery slots)")
    click.echo("Staff and admin sign-in sends a one-time code: the demo's message channel prints "
               "it in the server log (MESSAGE to …); the outbox keeps it masked.")


COMMANDS = [seed_demo_command]
