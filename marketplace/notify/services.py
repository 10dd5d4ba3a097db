"""Queue messages in the caller's transaction; they are delivered only after it commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.channels import has_sms_gateway
from marketplace.notify.models import DeliveryStatus, OutboxMessage, OutboxStatus, Via
from marketplace.notify.texts import CODE_MASK, render_text
from marketplace.notify.workflow import DELIVERY

_PENDING_KEY = "outbox_new_ids"


def queue_message(
    to_phone: str,
    kind: str,
    *,
    language: str,
    sub_division_id: int | None = None,
    via: Via = Via.SMS,
    body: str | None = None,
    payload: dict | None = None,
    **params,
) -> OutboxMessage:
    """Write an outbox row for `to_phone` in the current transaction (flushes).

    The text is the `kind`'s, filled with `params` (KeyError for an unknown kind), unless
    `body` gives it ready-made (a chat reply composed step by step). `via` WhatsApp with a
    `payload` (the Cloud API's message shape) sends buttons or a list; `body` is then the
    same message as numbered text. Delivery is started after the commit by the configured
    dispatcher; if the transaction rolls back, nothing is sent.

    A `code` parameter is a one-time code: the stored body masks it, the code itself is kept
    in `secret` only until the message is sent, and the message expires with the code
    (ONE_TIME_CODE_TTL) instead of arriving late.
    """
    language = language if language in ("hi", "en") else "hi"
    secret = params.pop("code", None)
    if secret is not None:
        params["code"] = CODE_MASK
    message = OutboxMessage(
        to_phone=to_phone,
        kind=kind,
        language=language,
        body=body if body is not None else render_text(kind, language, **params),
        via=via,
        payload=payload,
        secret=secret,
        expires_at=(utcnow() + current_app.config["ONE_TIME_CODE_TTL"]
                    if secret is not None else None),
        sub_division_id=sub_division_id,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(_PENDING_KEY, []).append(message.id)
    return message


def _after_commit(session: Session) -> None:
    # Releasing a SAVEPOINT (begin_nested) fires after_commit too, while the rows are not yet
    # committed: only the outermost commit may hand them on.
    if session.in_nested_transaction():
        return
    ids = session.info.pop(_PENDING_KEY, None)
    if ids:
        current_app.extensions["outbox_dispatch"](ids)


def _after_rollback(session: Session) -> None:
    # Rolled-back rows never existed. A SAVEPOINT rolled back keeps the outer transaction's
    # ids (an id whose row it undid finds nothing to claim later).
    if session.in_nested_transaction():
        return
    session.info.pop(_PENDING_KEY, None)


def watch_commits() -> None:
    """Hand the ids of committed outbox rows to the app's dispatcher after each commit."""
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def redrive_messages(ids: Iterable[int] | None = None, *, actor_id: int | None) -> int:
    """Put dead-lettered messages (status failed) back in the queue, due now; all of them
    when `ids` is None. Returns how many go out again (flushes; the caller commits).

    A one-time code is never sent again from the dead-letter list (its code was forgotten when
    it failed, and it would arrive late): such a message is marked expired instead; the person
    asks for a new code.
    """
    failed = sa.and_(OutboxMessage.status == OutboxStatus.FAILED,
                     sa.true() if ids is None else OutboxMessage.id.in_(list(ids)))
    expired = db.session.execute(
        sa.update(OutboxMessage)
        .where(failed, OutboxMessage.expires_at.is_not(None))
        .values(status=OutboxStatus.EXPIRED, secret=None)
        .execution_options(synchronize_session=False)).rowcount
    redriven = list(db.session.scalars(
        sa.update(OutboxMessage).where(failed)
        .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utcnow(),
                claimed_at=None)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)))
    if redriven or expired:
        record_event("outbox.redriven", actor_id=actor_id, subject_type="outbox_message",
                     subject_id=redriven[0] if len(redriven) == 1 else None,
                     data={"ids": redriven[:100], "count": len(redriven), "expired": expired})
    db.session.info.setdefault(_PENDING_KEY, []).extend(redriven)
    return len(redriven)


def prune_messages(*, older_than: timedelta) -> int:
    """Delete sent and expired messages created more than `older_than` ago (flushes). Waiting
    and dead-lettered messages stay until they are sent or redriven."""
    return db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.EXPIRED]),
            OutboxMessage.created_at < utcnow() - older_than)
        .execution_options(synchronize_session=False)).rowcount


def record_delivery_status(provider_message_id: str, status: DeliveryStatus, *,
                           at: datetime | None = None, error: str | None = None,
                           outbox_id: int | None = None) -> OutboxMessage | None:
    """Apply one WhatsApp status report to the message it is about (flushes); the message
    when the report moved it, None when it was old news or about no message of ours.

    One compare-and-set UPDATE, forward only (notify.workflow.DELIVERY): the same report
    twice, reports out of order, or two at the same moment leave the furthest status (read
    is never turned back into delivered). The message is found by the provider's id, or by
    its outbox id (`outbox_id`, from the report's callback data) when the report arrives
    before the deliverer has recorded the id. A failure report of a message that never
    reached the phone is sent again by SMS where a gateway is configured (not a one-time
    code: the person asks for a new one).
    """
    found = OutboxMessage.provider_message_id == provider_message_id
    if outbox_id is not None:
        found = sa.or_(found, sa.and_(OutboxMessage.id == outbox_id,
                                      OutboxMessage.provider_message_id.is_(None)))
    values: dict = {"delivery_status": status, "delivery_status_at": at or utcnow(),
                    "provider_message_id": provider_message_id}
    if status == DeliveryStatus.FAILED and error:
        values["last_error"] = error[:500]
    moved = db.session.execute(
        sa.update(OutboxMessage)
        .where(found, OutboxMessage.via == Via.WHATSAPP,
               sa.or_(OutboxMessage.delivery_status.is_(None),
                      OutboxMessage.delivery_status.in_(DELIVERY.sources(status))))
        .values(**values).returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)).scalar_one_or_none()
    if moved is None:
        return None
    message = db.session.get(OutboxMessage, moved, populate_existing=True)
    if status == DeliveryStatus.FAILED:
        _send_again_by_sms(message)
    return message


def _send_again_by_sms(message: OutboxMessage) -> OutboxMessage | None:
    """Queue the plain-text body of a message WhatsApp could not deliver as an SMS, once."""
    if message.expires_at is not None or not has_sms_gateway(current_app.config):
        return None
    again = queue_message(message.to_phone, message.kind, language=message.language,
                          sub_division_id=message.sub_division_id, via=Via.SMS,
                          body=message.body)
    note = f"{message.last_error or 'not delivered'}; sent again by SMS as message {again.id}"
    message.last_error = note[:500]
    db.session.flush()
    return again
