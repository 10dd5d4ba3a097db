"""Deliver outbox rows: claim with a conditional update, send, record, back off on failure.

Guarantees (see the README): a committed message is sent at least once and, with a gateway
that deduplicates on the idempotency key we send (the outbox id), delivered once; the app
itself never sends a message again once a send was answered OK and recorded. Transient
failures are retried with a wait capped at OUTBOX_BACKOFF_CAP; messages the gateway refuses,
or that keep failing for OUTBOX_GIVE_UP_AFTER, go to the dead-letter list (status failed)
for staff to redrive; one-time codes expire instead of arriving late.

A row `via` WhatsApp goes to the Cloud API channel when WHATSAPP_ACCESS_TOKEN is set (from the
number of its sub-division); a refusal that no retry can mend (131047 outside the 24-hour
window, 131026 undeliverable…) sends its plain-text body by SMS instead where an SMS gateway
is configured, else dead-letters the row with WhatsApp's reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from marketplace.core.db import utcnow
from marketplace.core.jobs import own_session as _own_session
from marketplace.notify.channels import (
    DeliveryError,
    Sent,
    channel_from_config,
    has_sms_gateway,
    whatsapp_channel_from_config,
)
from marketplace.notify.models import OutboxMessage, OutboxStatus, Via
from marketplace.notify.texts import fill_secret
from marketplace.notify.workflow import transition

log = logging.getLogger(__name__)

#: the shortest claim lease; a claim older than the lease is taken to be from a deliverer that
#: died mid-send. It is longer than a send can take (3 × the HTTP timeout), so a live
#: deliverer's claim is never taken over.
MIN_CLAIM_LEASE = timedelta(seconds=30)


def idempotency_key(message_id: int) -> str:
    """What the gateway deduplicates on: the same for every attempt of one message."""
    return f"outbox-{message_id}"


def claim_lease(config) -> timedelta:
    return max(MIN_CLAIM_LEASE, timedelta(seconds=3 * float(config["MESSAGE_HTTP_TIMEOUT"])))


def backoff(attempts: int, cap: timedelta = timedelta(seconds=30)) -> timedelta:
    """5 s, 10 s, 20 s, then `cap` (30 s by default): a gateway that is back is used again
    within the cap plus the deliverer's interval."""
    return min(timedelta(seconds=5 * 2 ** min(max(attempts - 1, 0), 10)), cap)


def _due_condition(now: datetime, lease: timedelta):
    return sa.or_(
        sa.and_(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
        ),
        sa.and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < now - lease,
        ),
    )


#: app.extensions key of the function (session, sub_division_id, to_phone) → the WhatsApp
#: phone_number_id a message leaves from; the assistant registers it (places and chat sit
#: above the outbox, so the outbox asks rather than imports)
NUMBER_RESOLVER = "whatsapp_number_for"


def sender_number(session, message: OutboxMessage) -> str | None:
    """The WhatsApp number (phone_number_id) a message leaves from; None when none is set."""
    resolve = current_app.extensions.get(NUMBER_RESOLVER)
    return resolve(session, message.sub_division_id, message.to_phone) if resolve else None


def _send(session, message: OutboxMessage, channel, whatsapp) -> tuple[Sent, str | None]:
    """Send by the row's way; (what the gateway answered, a note for last_error). A
    permanent WhatsApp refusal falls back to SMS (the row becomes via SMS) when a gateway
    is configured; a failure of that SMS is retried as SMS."""
    body, key = fill_secret(message.body, message.secret), idempotency_key(message.id)
    if message.via != Via.WHATSAPP or whatsapp is None:
        return channel.send(message.to_phone, body, key=key), None
    number_id = sender_number(session, message)
    try:
        if not number_id:
            raise DeliveryError("no WhatsApp number is set for the sub-division",
                                permanent=True)
        return whatsapp.send_whatsapp(message.to_phone, body, payload=message.payload,
                                      number_id=number_id, key=key), None
    except DeliveryError as exc:
        if not exc.permanent or not has_sms_gateway(current_app.config):
            raise
        note = f"{exc}; sent by SMS instead"
        log.warning("outbox message %s: %s", message.id, note)
        message.via = Via.SMS
    try:
        return channel.send(message.to_phone, body, key=key), note[:500]
    except DeliveryError as exc:
        raise DeliveryError(f"{note}, which failed: {exc}", permanent=exc.permanent,
                            retry_after=exc.retry_after) from exc


def deliver_message(message_id: int, *, channel=None, whatsapp=None,
                    now: datetime | None = None) -> bool:
    """Try to send one message if it is due; True when this call sent it.

    Claims the row first (status pending → sending in one conditional UPDATE), so two
    deliverers racing for the same row send it once. A message whose code has expired is
    marked expired and not sent.
    """
    config = current_app.config
    channel = channel or channel_from_config(config)
    whatsapp = whatsapp or whatsapp_channel_from_config(config)
    now = now or utcnow()
    with _own_session() as session:
        claimed = session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id, _due_condition(now, claim_lease(config)))
            .values(
                status=OutboxStatus.SENDING,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if claimed != 1:
            return False
        message = session.get(OutboxMessage, message_id)
        if message.expires_at is not None and message.expires_at <= now:
            transition(message, OutboxStatus.EXPIRED)
            message.last_error = "expired before it could be sent"
            session.commit()
            return False
        try:
            result, note = _send(session, message, channel, whatsapp)
        except Exception as exc:  # noqa: BLE001 - any failure of the channel is a retry
            reason = str(exc) if isinstance(exc, DeliveryError) else exc.__class__.__name__
            log.warning("outbox message %s not delivered: %s", message_id, reason)
            message.last_error = reason[:500]
            permanent = isinstance(exc, DeliveryError) and exc.permanent
            if permanent or now - message.created_at >= config["OUTBOX_GIVE_UP_AFTER"]:
                transition(message, OutboxStatus.FAILED)
            else:
                cap = config["OUTBOX_BACKOFF_CAP"]
                wait = backoff(message.attempts, cap)
                hint = getattr(exc, "retry_after", None)
                if hint is not None:
                    wait = min(max(wait, timedelta(seconds=hint)), cap)
                transition(message, OutboxStatus.PENDING)
                message.next_attempt_at = now + wait
            session.commit()
            return False
        transition(message, OutboxStatus.SENT)
        message.provider_message_id = result.provider_message_id
        message.last_error = note
        session.commit()
        return True


def deliver_messages(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Deliver each id; never raises (the request that queued them has already succeeded)."""
    channel = channel_from_config(current_app.config)
    whatsapp = whatsapp_channel_from_config(current_app.config)
    sent = 0
    for message_id in ids:
        try:
            sent += deliver_message(message_id, channel=channel, whatsapp=whatsapp, now=now)
        except Exception:  # noqa: BLE001 - keep going; the row stays due for the next run
            log.exception("outbox delivery of %s crashed", message_id)
    return sent


def list_due_ids(limit: int = 200, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    with _own_session() as session:
        return list(
            session.scalars(
                sa.select(OutboxMessage.id)
                .where(_due_condition(now, claim_lease(current_app.config)))
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )


def deliver_due(limit: int = 200, *, now: datetime | None = None) -> int:
    """Deliver what is due now: new rows, retries whose backoff has passed, stale claims."""
    return deliver_messages(list_due_ids(limit, now), now=now)
