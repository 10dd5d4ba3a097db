"""Reads of the outbox."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.notify.models import OutboxMessage, OutboxStatus


def list_outbox(status: OutboxStatus | None = None, phone: str | None = None) -> sa.Select:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        query = query.where(OutboxMessage.status == status)
    if phone:
        query = query.where(OutboxMessage.to_phone == phone)
    return query
