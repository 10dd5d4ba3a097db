"""Delivery slots, how full each slot is on each day, and each sub-division's delivery terms."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, OfSubDivision, UTCDateTime, utcnow
from marketplace.extensions import db


class DeliverySlot(OfSubDivision, Created, db.Model):
    """A window offered on some weekdays, e.g. Mon–Sat 09:00–12:00, 40 orders, order by
    the evening before (cut-off = minutes before the window starts)."""

    __tablename__ = "delivery_slots"

    #: ISO weekday digits, Monday = 1 … Sunday = 7, e.g. "123456"
    weekdays: Mapped[str] = mapped_column(sa.String(7))
    starts_at: Mapped[time] = mapped_column(sa.Time)
    ends_at: Mapped[time] = mapped_column(sa.Time)
    capacity: Mapped[int] = mapped_column()
    cutoff_minutes: Mapped[int] = mapped_column(default=720)
    is_active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("cutoff_minutes >= 0", name="cutoff_not_negative"),
        sa.CheckConstraint("ends_at > starts_at", name="window_order"),
    )

    def runs_on(self, day: date) -> bool:
        return str(day.isoweekday()) in self.weekdays


class SlotLoad(db.Model):
    """Orders booked into a slot on a date; raised only by a conditional upsert below the
    slot's capacity, so two checkouts cannot take the last place twice."""

    __tablename__ = "slot_loads"

    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("delivery_slots.id"), primary_key=True)
    delivery_date: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    booked: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.CheckConstraint("booked >= 0", name="booked_not_negative"),)


class DeliveryTerms(db.Model):
    """The delivery terms of a sub-division: a flat charge, free from an order amount, the
    smallest order, and the cap on open cash-on-delivery orders per account. What they make
    an order cost is worked out in `delivery.quote`."""

    __tablename__ = "delivery_terms"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"),
                                                 primary_key=True)
    charge_paise: Mapped[int] = mapped_column(default=3000)
    #: None: never free. No column default: the ORM would put it in place of an explicit
    #: None on insert (`terms_of` gives the starting values).
    free_from_paise: Mapped[int | None] = mapped_column()
    minimum_order_paise: Mapped[int] = mapped_column(default=0)
    #: how many orders paid in cash on delivery one account may have open (not delivered or
    #: cancelled) at once: cash orders cost the SHGs stock and a trip before any money comes
    max_open_cash_orders: Mapped[int] = mapped_column(default=3, server_default="3")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (
        sa.CheckConstraint("charge_paise >= 0 AND charge_paise <= 100000", name="charge_range"),
        sa.CheckConstraint("free_from_paise IS NULL OR free_from_paise > 0", name="free_from"),
        sa.CheckConstraint("minimum_order_paise >= 0", name="minimum_order"),
        sa.CheckConstraint("max_open_cash_orders BETWEEN 1 AND 50",
                           name="max_open_cash_orders_range"),
    )
