"""The outbox of messages to phones."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import UTCDateTime, enum_column_type, utcnow
from marketplace.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: E.164 phone of the recipient
    to_phone: Mapped[str] = mapped_column(sa.String(16), index=True)
    #: what kind of message, e.g. "password_reset_code"; for filtering and reports
    kind: Mapped[str] = mapped_column(sa.String(48))
    language: Mapped[str] = mapped_column(sa.String(2))
    #: exactly the text that is (or would be) sent
    body: Mapped[str] = mapped_column(sa.Text)
    #: the tenant the message belongs to, when there is one
    sub_division_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    #: a pending message is not tried before this time (backoff after failures)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when a deliverer claimed it; a claim older than the lease is taken over
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )
