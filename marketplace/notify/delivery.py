"""Deliver outbox rows: claim with a conditional update, send, record, back off on failure.

Guarantees (see the README): a committed message is sent at least once and, with a gateway
that deduplicates on the idempotency key we send (the outbox id), delivered once; the app
itself never sends a message again once a send was answered OK and recorded. Transient
failures are retried with a wait capped at OUTBOX_BACKOFF_CAP; messages the gateway refuses,
or that keep failing for OUTBOX_GIVE_UP_AFTER, go to the dead-letter list (status failed)
for staff to redrive; one-time codes expire instead of arriving late.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from marketplace.core.db import utcnow
from marketplace.core.jobs import own_session as _own_session
from marketplace.notify.channels import DeliveryError, channel_from_config
from marketplace.notify.models import OutboxMessage, OutboxStatus
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


def deliver_message(message_id: int, *, channel=None, now: datetime | None = None) -> bool:
    """Try to send one message if it is due; True when this call sent it.

    Claims the row first (status pending → sending in one conditional UPDATE), so two
    deliverers racing for the same row send it once. A message whose code has expired is
    marked expired and not sent.
    """
    config = current_app.config
    channel = channel or channel_from_config(config)
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
            result = channel.send(message.to_phone, fill_secret(message.body, message.secret),
                                  key=idempotency_key(message.id))
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
        message.last_error = None
        session.commit()
        return True


def deliver_messages(ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Deliver each id; never raises (the request that queued them has already succeeded)."""
    channel = channel_from_config(current_app.config)
    sent = 0
    for message_id in ids:
        try:
            sent += deliver_message(message_id, channel=channel, now=now)
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
