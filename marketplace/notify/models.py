"""The outbox of messages to phones."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Keyed, UTCDateTime, enum_column_type, utcnow
from marketplace.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    #: the dead-letter list: the gateway refused it, or it kept failing for too long;
    #: staff can redrive it (panel or `flask outbox redrive`)
    FAILED = "failed"
    #: a one-time code that could not be sent before it expired; never sent late
    EXPIRED = "expired"


class Via(enum.StrEnum):
    """How a message reaches the phone: a text message, or the sub-division's WhatsApp number
    (a reply to a resident who wrote to it, which may carry buttons or a list)."""

    SMS = "sms"
    WHATSAPP = "whatsapp"


class DeliveryStatus(enum.StrEnum):
    """What WhatsApp reported of a message it took (status webhooks), in the order the
    evidence grows: a failure report is overruled by a later delivered or read, never the
    other way round (reports come twice and out of order)."""

    SENT = "sent"
    FAILED = "failed"
    DELIVERED = "delivered"
    READ = "read"


class OutboxMessage(Keyed, db.Model):
    __tablename__ = "outbox_messages"

    #: E.164 phone of the recipient
    to_phone: Mapped[str] = mapped_column(sa.String(16), index=True)
    #: what kind of message, e.g. "password_reset_code"; for filtering and reports
    kind: Mapped[str] = mapped_column(sa.String(48))
    language: Mapped[str] = mapped_column(sa.String(2))
    #: the text that is sent, with a one-time code masked (see `secret`); for a WhatsApp
    #: message with buttons or a list, the same message as numbered plain text (for SMS)
    body: Mapped[str] = mapped_column(sa.Text)
    via: Mapped[Via] = mapped_column(enum_column_type(Via, "outbox_via"), default=Via.SMS,
                                     server_default=Via.SMS.value)
    #: a WhatsApp message's own content in the Cloud API's shape (`{"type": "interactive",
    #: "interactive": {...}}`, `{"type": "template", ...}`), without `to`; None: send `body`
    payload: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    #: the one-time code the body masks, kept only until the message is sent, expires or is
    #: dead-lettered; then NULL, so no code stays readable after delivery
    secret: Mapped[str | None] = mapped_column(sa.String(16))
    #: a time-limited message (a code) is expired, not sent, after this time
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
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
    #: the gateway's id of the message (WhatsApp's wamid); status reports find the row by it
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(128), index=True)
    #: what WhatsApp last reported (None: no report, e.g. an SMS); only moves forward
    delivery_status: Mapped[DeliveryStatus | None] = mapped_column(
        enum_column_type(DeliveryStatus, "outbox_delivery_status"))
    #: when that happened, by WhatsApp's clock
    delivery_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )
