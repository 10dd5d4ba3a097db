"""One payment record per payment attempt; amounts in paise."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, Keyed, UTCDateTime, enum_column_type, utcnow
from marketplace.extensions import db


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    ONLINE = "online"


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"


class Payment(Keyed, Created, db.Model):
    __tablename__ = "payments"

    booking_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bookings.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id"), index=True)
    method: Mapped[PaymentMethod] = mapped_column(enum_column_type(PaymentMethod,
                                                                   "payment_method"))
    amount_paise: Mapped[int] = mapped_column()
    currency: Mapped[str] = mapped_column(sa.String(3), default="INR")
    status: Mapped[PaymentStatus] = mapped_column(
        enum_column_type(PaymentStatus, "payment_status"), default=PaymentStatus.PENDING)
    #: e.g. "stripe"; None for cash
    provider: Mapped[str | None] = mapped_column(sa.String(20))
    #: the provider's id (Checkout Session), unique so a webhook can find it once
    provider_ref: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    #: where to send the payer while the provider's page is open
    checkout_url: Mapped[str | None] = mapped_column(sa.String(1000))
    #: the provider's id of the money itself (a PaymentIntent), needed to refund it
    provider_payment_ref: Mapped[str | None] = mapped_column(sa.String(255))
    refund_ref: Mapped[str | None] = mapped_column(sa.String(255))
    #: how much of it went back to the payer (our refunds and Stripe's), never more
    refunded_paise: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Stripe's word on a dispute of the charge: needs_response…, then won or lost
    dispute_status: Mapped[str | None] = mapped_column(sa.String(30))
    disputed_paise: Mapped[int | None] = mapped_column()
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: who confirmed it (the worker who received cash)
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("amount_paise > 0", name="amount_positive"),
        sa.CheckConstraint("(booking_id IS NULL) <> (order_id IS NULL)", name="one_subject"),
        sa.CheckConstraint("refunded_paise >= 0 AND refunded_paise <= amount_paise",
                           name="refund_within_amount"),
        # A booking is paid at most once.
        sa.Index("uq_payments_booking_paid", "booking_id", unique=True,
                 postgresql_where=sa.text("status = 'paid'"),
                 sqlite_where=sa.text("status = 'paid'")),
        sa.Index("uq_payments_order_paid", "order_id", unique=True,
                 postgresql_where=sa.text("status = 'paid'"),
                 sqlite_where=sa.text("status = 'paid'")),
    )


class ProcessedWebhookEvent(Keyed, db.Model):
    """Each provider event id once: written in the same transaction as its effect, so a
    replay, or two deliveries at once, change nothing."""

    __tablename__ = "processed_webhook_events"

    provider: Mapped[str] = mapped_column(sa.String(20))
    event_id: Mapped[str] = mapped_column(sa.String(255))
    event_type: Mapped[str] = mapped_column(sa.String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("provider", "event_id"),)
