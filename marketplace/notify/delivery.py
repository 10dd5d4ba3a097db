"""Deliver outbox rows: claim with a conditional update, send, record, back off on failure."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.channels import DeliveryError, channel_from_config
from marketplace.notify.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

#: a claim older than this is taken to be from a deliverer that died mid-send
CLAIM_LEASE = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _due_condition(now: datetime):
    return sa.or_(
        sa.and_(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
        ),
        sa.and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < now - CLAIM_LEASE,
        ),
    )


def _own_session() -> Session:
    # Its own session, so it can run from an after-commit hook and its commits are its own.
    return Session(bind=db.engine, join_transaction_mode="create_savepoint",
                   expire_on_commit=False)


def deliver_message(message_id: int, *, channel=None, now: datetime | None = None) -> bool:
    """Try to send one message if it is due; True when this call sent it.

    Claims the row first (status pending → sending in one conditional UPDATE), so two
    deliverers racing for the same row send it once.
    """
    channel = channel or channel_from_config(current_app.config)
    now = now or utcnow()
    max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    with _own_session() as session:
        claimed = session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id, _due_condition(now))
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
        try:
            result = channel.send(message.to_phone, message.body)
        except Exception as exc:  # noqa: BLE001 - any failure of the channel is a retry
            reason = str(exc) if isinstance(exc, DeliveryError) else exc.__class__.__name__
            log.warning("outbox message %s not delivered: %s", message_id, reason)
            message.last_error = reason[:500]
            if message.attempts >= max_attempts:
                message.status = OutboxStatus.FAILED
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = now + backoff(message.attempts)
            session.commit()
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.provider_message_id = result.provider_message_id
        message.last_error = None
        session.commit()
        return True


def deliver_messages(ids: Iterable[int]) -> int:
    """Deliver each id; never raises (the request that queued them has already succeeded)."""
    channel = channel_from_config(current_app.config)
    sent = 0
    for message_id in ids:
        try:
            sent += deliver_message(message_id, channel=channel)
        except Exception:  # noqa: BLE001 - keep going; the row stays due for the next run
            log.exception("outbox delivery of %s crashed", message_id)
    return sent


def list_due_ids(limit: int = 200, now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    with _own_session() as session:
        return list(
            session.scalars(
                sa.select(OutboxMessage.id)
                .where(_due_condition(now))
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )


def deliver_due(limit: int = 200) -> int:
    """Deliver what is due now: new rows, retries whose backoff has passed, stale claims."""
    return deliver_messages(list_due_ids(limit))
