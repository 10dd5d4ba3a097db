"""`flask chat simulate`: talk to the assistant from a terminal, through the real webhook;
`flask chat purge`: delete old transcripts (cron)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.chat.retention import purge_transcripts
from marketplace.chat.simulator import is_assistant_on, reply_to, simulate_message
from marketplace.core.phone import try_normalize_phone
from marketplace.extensions import db

chat_cli = AppGroup("chat", help="The WhatsApp assistant.")


@chat_cli.command("simulate")
@click.option("--phone", required=True, help="The resident's mobile, e.g. +919816012345.")
@click.option("--text", required=True, help="What the resident writes.")
@click.option("--number", "phone_number_id", default="", help="The sub-division's WhatsApp "
              "phone number ID (not needed with a single sub-division).")
def simulate_command(phone: str, text: str, phone_number_id: str) -> None:
    """Send one message as WhatsApp would (signed with WHATSAPP_APP_SECRET) and print the
    reply the outbox holds for it."""
    if not is_assistant_on():
        raise click.UsageError("set WHATSAPP_APP_SECRET (the assistant is off without it)")
    sender = try_normalize_phone(phone)
    if sender is None:
        raise click.BadParameter("not an Indian mobile number", param_hint="--phone")
    sent = simulate_message(sender, text=text, phone_number_id=phone_number_id)
    click.echo(f"webhook answered {sent.status}")
    reply = reply_to(sent.wamid)
    if reply is None:
        click.echo("no reply (see the log for why the message was not served)")
        raise SystemExit(1)
    click.echo(f"reply ({reply.language}, {reply.status}): {reply.body}")


@chat_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Delete what is older than this (default: CHAT_TRANSCRIPT_DAYS).")
def purge_command(days: int | None) -> None:
    """Delete the messages residents sent to the assistant, and its replies, older than the
    given days (safe to run nightly from cron)."""
    days = days or current_app.config["CHAT_TRANSCRIPT_DAYS"]
    if days < 1:
        raise click.UsageError("CHAT_TRANSCRIPT_DAYS must be at least 1")
    purged = purge_transcripts(older_than=timedelta(days=days))
    db.session.commit()
    click.echo(f"deleted {purged.received} message(s) received, {purged.replies} "
               f"repl(ies) and {purged.conversations} conversation(s) older than {days} days")


COMMANDS = [chat_cli]
