"""`flask outbox deliver` and `flask outbox worker`."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from marketplace.notify.delivery import deliver_due

outbox_cli = AppGroup("outbox", help="Deliver queued SMS/WhatsApp messages.")


@outbox_cli.command("deliver")
@click.option("--watch", is_flag=True, help="Keep delivering every few seconds.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between rounds.")
def deliver_command(watch: bool, interval: float) -> None:
    """Send every message that is due (new, retry after backoff, or stuck)."""
    while True:
        sent = deliver_due()
        click.echo(f"sent {sent} message(s)")
        if not watch:
            return
        time.sleep(interval)


@outbox_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run an RQ worker for the outbox queue (needs REDIS_URL)."""
    from redis import Redis
    from rq import SimpleWorker

    from marketplace.notify.jobs import QUEUE_NAME

    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.ClickException("REDIS_URL is not set")
    # SimpleWorker does not fork, so the app context and the database pool stay valid.
    worker = SimpleWorker([QUEUE_NAME], connection=Redis.from_url(url))
    worker.work(burst=burst)


def register_cli(app: Flask) -> None:
    app.cli.add_command(outbox_cli)
