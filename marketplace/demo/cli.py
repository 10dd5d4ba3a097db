"""`flask seed-demo`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from marketplace.accounts.models import Role, User
from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.demo.services import seed_demo
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus


def _phones(prefix: str) -> tuple[str, str, int]:
    """First and last phone of the demo accounts whose numbers start so, and how many."""
    first, last, count = db.session.execute(
        sa.select(sa.func.min(User.phone), sa.func.max(User.phone), sa.func.count(User.id))
        .where(User.phone.startswith(prefix))).one()
    return first, last, count


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the Nadaun sub-division with demo accounts (idempotent) and print the logins."""
    users = seed_demo()
    db.session.commit()
    click.echo("Demo data for Nadaun is loaded. Sign in with (password for all: "
               f"{nadaun.DEMO_PASSWORD}):")
    for user in users:
        role = "courier" if user.role is Role.DELIVERY else user.role.value
        click.echo(f"  {role:<10} {user.phone}  {user.name}")
    first, last, count = _phones("+9194590")
    click.echo(f"  shg_member {first} … {last}  ({count} members of 25 self-help groups; the "
               "first of each group is its leader)")
    first, last, count = _phones("+9194180")
    click.echo(f"  worker     {first} … {last}  ({count} demo workers, 26 kinds of work)")
    first, last, _count = _phones("+9198170")
    click.echo(f"  resident   {first} … {last}  (demo buyers with orders for the next "
               "delivery times)")
    today = db.session.scalars(sa.select(DeliveryRun).where(
        DeliveryRun.delivery_date == today_in_india(),
        DeliveryRun.status == RunStatus.PLANNED)).all()
    if today:
        times = ", ".join(sorted({f"{run.slot.starts_at:%H:%M}" for run in today}))
        click.echo(f"Today: {len(today)} delivery run(s) ready to send out ({times}), given to "
                   "the courier.")
    else:
        click.echo("Today: no delivery time is left; tomorrow's packed orders wait for their "
                   "runs.")
    click.echo("Staff and admin sign-in sends a one-time code: the demo's message channel prints "
               "it in the server log (MESSAGE to …); the outbox keeps it masked.")
    click.echo("The WhatsApp assistant without Meta: sign in as the admin and open "
               f"{current_app.config['PUBLIC_BASE_URL']}/panel/assistant (menu: More → Try the "
               "assistant), or run `flask chat simulate --phone 9816000011 --text menu`.")


COMMANDS = [seed_demo_command]
