"""An order, its per-SHG parts and lines, its status history and its number counter."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import ProductUnit
from marketplace.core.db import Created, Keyed, OfSubDivision, UTCDateTime, enum_column_type, utcnow
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import Village
from marketplace.shg.models import SelfHelpGroup


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    PACKED = "packed"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    DELIVERY_FAILED = "delivery_failed"
    CANCELLED = "cancelled"


class PartStatus(enum.StrEnum):
    TO_PACK = "to_pack"
    PACKED = "packed"
    CANCELLED = "cancelled"


class Order(OfSubDivision, db.Model):
    __tablename__ = "orders"

    #: e.g. NDN-2026-000123
    number: Mapped[str] = mapped_column(sa.String(24), unique=True)
    #: None for an order taken by phone for someone without an account
    customer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: a fresh key in each checkout form: a second submission finds the first order
    checkout_key: Mapped[str] = mapped_column(sa.String(64))
    contact_name: Mapped[str] = mapped_column(sa.String(80))
    phone: Mapped[str] = mapped_column(sa.String(16))
    language: Mapped[str] = mapped_column(sa.String(5), default="hi")
    village_id: Mapped[int] = mapped_column(sa.ForeignKey("villages.id"))
    address: Mapped[str] = mapped_column(sa.String(300))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("delivery_slots.id"))
    delivery_date: Mapped[date] = mapped_column(sa.Date, index=True)
    status: Mapped[OrderStatus] = mapped_column(enum_column_type(OrderStatus, "order_status"),
                                                default=OrderStatus.PLACED, index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.String(300))
    payment_method: Mapped[PaymentMethod] = mapped_column(
        enum_column_type(PaymentMethod, "order_payment_method"))
    items_paise: Mapped[int] = mapped_column()
    delivery_paise: Mapped[int] = mapped_column()
    total_paise: Mapped[int] = mapped_column()
    #: set once the money is in: online when Stripe says so, cash when delivered
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: set when its online money went back or was disputed at Stripe before delivery: it
    #: moves no further (but to cancelled) until staff release it
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hold_reason: Mapped[str | None] = mapped_column(sa.String(30))

    village: Mapped[Village] = relationship()
    slot: Mapped[DeliverySlot] = relationship()
    parts: Mapped[list[OrderPart]] = relationship(back_populates="order", order_by="OrderPart.id")
    lines: Mapped[list[OrderLine]] = relationship(order_by="OrderLine.id", viewonly=True)
    history: Mapped[list[OrderStatusChange]] = relationship(order_by="OrderStatusChange.id")

    __table_args__ = (
        sa.UniqueConstraint("created_by_id", "checkout_key"),
        sa.CheckConstraint("items_paise > 0", name="items_positive"),
        sa.CheckConstraint("delivery_paise >= 0", name="delivery_not_negative"),
        sa.CheckConstraint("total_paise = items_paise + delivery_paise", name="total_adds_up"),
    )

    @property
    def is_open(self) -> bool:
        return self.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED)

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class OrderPart(Keyed, db.Model):
    """What one SHG packs for one order."""

    __tablename__ = "order_parts"

    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"), index=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("self_help_groups.id"), index=True)
    status: Mapped[PartStatus] = mapped_column(enum_column_type(PartStatus, "part_status"),
                                               default=PartStatus.TO_PACK)
    items_paise: Mapped[int] = mapped_column()
    #: what the sub-division keeps of this sale, in basis points (100 = 1 %): its rate in
    #: force when the order was placed, so a later change never alters a past sale
    commission_bp: Mapped[int] = mapped_column()
    packed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    packed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    order: Mapped[Order] = relationship(back_populates="parts")
    group: Mapped[SelfHelpGroup] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(back_populates="part",
                                                  order_by="OrderLine.id")

    __table_args__ = (
        sa.UniqueConstraint("order_id", "group_id"),
        sa.CheckConstraint("commission_bp >= 0 AND commission_bp <= 5000",
                           name="commission_range"),
    )


class OrderLine(Keyed, db.Model):
    """A product as it was sold: name, unit and price are copied, not looked up later."""

    __tablename__ = "order_lines"

    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"), index=True)
    part_id: Mapped[int] = mapped_column(sa.ForeignKey("order_parts.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_hi: Mapped[str] = mapped_column(sa.String(100))
    unit: Mapped[ProductUnit] = mapped_column(enum_column_type(ProductUnit, "line_unit"))
    unit_price_paise: Mapped[int] = mapped_column()
    quantity: Mapped[int] = mapped_column()
    total_paise: Mapped[int] = mapped_column()

    part: Mapped[OrderPart] = relationship(back_populates="lines")

    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("total_paise = unit_price_paise * quantity", name="total_adds_up"),
    )


class OrderStatusChange(Keyed, Created, db.Model):
    """Who moved the order, when, from what to what, and why."""

    __tablename__ = "order_status_changes"

    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"), index=True)
    from_status: Mapped[OrderStatus | None] = mapped_column(
        enum_column_type(OrderStatus, "change_from_status"))
    to_status: Mapped[OrderStatus] = mapped_column(
        enum_column_type(OrderStatus, "change_to_status"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(sa.String(300))


class OrderCounter(db.Model):
    """The last order number given in a sub-division and year."""

    __tablename__ = "order_counters"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"),
                                                 primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
