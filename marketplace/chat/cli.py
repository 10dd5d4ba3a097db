"""`flask chat simulate`: talk to the assistant from a terminal, through the real webhook;
`flask chat purge`: delete old transcripts (cron)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from marketplace.chat.cloud_api import SIGNATURE_HEADER, signature_of, text_delivery
from marketplace.chat.models import InboundMessage
from marketplace.chat.retention import purge_transcripts
from marketplace.core.db import utcnow
from marketplace.core.phone import try_normalize_phone
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage

chat_cli = AppGroup("chat", help="The WhatsApp assistant.")


@chat_cli.command("simulate")
@click.option("--phone", required=True, help="The resident's mobile, e.g. +919816012345.")
@click.option("--text", required=True, help="What the resident writes.")
@click.option("--number", "phone_number_id", default="", help="The sub-division's WhatsApp "
              "phone number ID (not needed with a single sub-division).")
def simulate_command(phone: str, text: str, phone_number_id: str) -> None:
    """Send one message as WhatsApp would (signed with WHATSAPP_APP_SECRET) and print the
    reply the outbox holds for it."""
    secret = current_app.config["WHATSAPP_APP_SECRET"]
    if not secret:
        raise click.UsageError("set WHATSAPP_APP_SECRET (the assistant is off without it)")
    sender = try_normalize_phone(phone)
    if sender is None:
        raise click.BadParameter("not an Indian mobile number", param_hint="--phone")
    wamid = "wamid.simulated." + secrets.token_hex(12)
    body = json.dumps(text_delivery(
        sender=sender.lstrip("+"), text=text, wamid=wamid, phone_number_id=phone_number_id,
        timestamp=int(utcnow().timestamp()))).encode()
    response = current_app.test_client().post(
        "/chat/whatsapp/webhook", data=body, headers={
            SIGNATURE_HEADER: signature_of(body, secret), "Content-Type": "application/json"})
    click.echo(f"webhook answered {response.status_code}")
    reply = db.session.scalar(
        sa.select(OutboxMessage).join(InboundMessage, InboundMessage.reply_id == OutboxMessage.id)
        .where(InboundMessage.wamid == wamid))
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
    click.echo(f"deleted {purged.received} message(s) received and {purged.replies} "
               f"repl(ies) older than {days} days")


COMMANDS = [chat_cli]
