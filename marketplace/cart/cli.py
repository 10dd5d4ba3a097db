"""`flask prune-carts`: forget visitors' carts nobody has touched for a month (cron, daily)."""

from __future__ import annotations

from datetime import timedelta

import click

from marketplace.cart.services import prune_visitor_carts
from marketplace.core.db import utcnow
from marketplace.extensions import db


@click.command("prune-carts")
@click.option("--days", default=30, show_default=True)
def prune_carts(days: int) -> None:
    """Delete visitors' carts untouched for DAYS days (accounts' carts are kept)."""
    count = prune_visitor_carts(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"removed {count} visitor cart(s)")


COMMANDS = [prune_carts]
