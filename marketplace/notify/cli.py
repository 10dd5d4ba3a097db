"""`flask outbox deliver`, `worker`, `dead-letters`, `redrive` and `prune`."""

from __future__ import annotations

import time
from datetime import timedelta

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from marketplace.core.phone import mask_phone
from marketplace.extensions import db
from marketplace.notify.delivery import deliver_due
from marketplace.notify.models import OutboxStatus
from marketplace.notify.queries import list_outbox
from marketplace.notify.services import prune_messages, redrive_messages

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


@outbox_cli.command("dead-letters")
def dead_letters_command() -> None:
    """List the messages on the dead-letter list (id, kind, phone masked, last error); the
    panel's outbox shows the full number to admins."""
    messages = db.session.scalars(list_outbox(status=OutboxStatus.FAILED)).all()
    for message in messages:
        click.echo(f"{message.id}\t{message.kind}\t{mask_phone(message.to_phone)}\t"
                   f"{message.last_error}")
    click.echo(f"{len(messages)} message(s) on the dead-letter list")


@outbox_cli.command("redrive")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help="Every message on the dead-letter list.")
def redrive_command(ids: tuple[int, ...], everything: bool) -> None:
    """Send dead-lettered messages again (by id, or --all); one-time codes expire instead."""
    if not ids and not everything:
        raise click.UsageError("give message ids or --all")
    count = redrive_messages(None if everything else ids, actor_id=None)
    db.session.commit()
    left = db.session.scalar(sa.select(sa.func.count()).select_from(
        list_outbox(status=OutboxStatus.FAILED).subquery()))
    click.echo(f"{count} message(s) queued again; {left} left on the dead-letter list")


@outbox_cli.command("prune")
@click.option("--days", default=90, show_default=True, type=click.IntRange(min=1),
              help="Delete sent and expired messages older than this.")
def prune_command(days: int) -> None:
    """Delete old sent and expired messages (phone numbers and texts are personal data)."""
    count = prune_messages(older_than=timedelta(days=days))
    db.session.commit()
    click.echo(f"deleted {count} message(s) older than {days} days")


COMMANDS = [outbox_cli]
