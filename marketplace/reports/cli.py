"""Commands for the reports: rebuild the orders report's rollup."""

from __future__ import annotations

import click

from marketplace.extensions import db
from marketplace.reports.rollup import rebuild


@click.command("rebuild-sales-rollup")
def rebuild_sales_rollup() -> None:
    """Count every order again into the orders report's rollup (after a bulk load or a
    restore; the rollup is otherwise kept on every write)."""
    counted = rebuild()
    db.session.commit()
    click.echo(f"counted {counted} order(s) into the sales rollup")


COMMANDS = [rebuild_sales_rollup]
