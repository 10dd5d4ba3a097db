"""Registration targets that staff set per block and kind of work; the orders report's rollup."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Keyed, UTCDateTime, utcnow
from marketplace.extensions import db


class RegistrationTarget(Keyed, db.Model):
    __tablename__ = "registration_targets"

    block_id: Mapped[int] = mapped_column(sa.ForeignKey("blocks.id"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_categories.id"))
    target: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (
        sa.UniqueConstraint("block_id", "category_id"),
        sa.CheckConstraint("target >= 0 AND target <= 100000", name="target_range"),
    )


# The orders report's rollup (kept by reports.rollup, in the transaction of every write that
# changes what an order counts for): the report reads these, never the orders themselves.


class SalesDay(db.Model):
    """One group's orders in one sub-division over `days` days from `day` (India time): parts
    placed (by the day placed), parts delivered and their paise (by the delivery date), its
    share of refunds (by the day refunded). Each figure counts in its day's row (days=1) and
    its ISO week's row (days=7, from the Monday), so a period reads whole weeks plus at most
    12 edge days. `placed_orders`/`delivered_orders` count each order once, on the row of its
    lowest group id, so summing them over groups gives the all-groups totals."""

    __tablename__ = "sales_days"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"),
                                                 primary_key=True)
    days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("self_help_groups.id"),
                                          primary_key=True)
    placed: Mapped[int] = mapped_column(default=0, server_default="0")
    placed_orders: Mapped[int] = mapped_column(default=0, server_default="0")
    delivered: Mapped[int] = mapped_column(default=0, server_default="0")
    delivered_orders: Mapped[int] = mapped_column(default=0, server_default="0")
    paise: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    refunded: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")

    __table_args__ = (sa.CheckConstraint("days IN (1, 7)", name="days_or_week"),)


class ProductSales(db.Model):
    """Units and paise of one product delivered in one sub-division over `days` days from
    `start_on`: each delivered line counts in its day's row (days=1) and its ISO week's row
    (days=7, from the Monday), so a period reads whole weeks plus at most 12 edge days."""

    __tablename__ = "product_sales"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"),
                                                 primary_key=True)
    days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    start_on: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), primary_key=True)
    units: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    paise: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")

    __table_args__ = (sa.CheckConstraint("days IN (1, 7)", name="days_or_week"),)


class CountedOrder(db.Model):
    """What an order counts for in the rollup now, so that a change takes exactly that back:
    the day placed, the delivery date once delivered, and its groups' refund shares as JSON
    [[group id, "YYYY-MM-DD", paise], …] (parts and lines never change after checkout)."""

    __tablename__ = "counted_orders"

    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"), primary_key=True,
                                          autoincrement=False)
    placed_on: Mapped[date] = mapped_column(sa.Date)
    delivered_on: Mapped[date | None] = mapped_column(sa.Date)
    refunds: Mapped[str] = mapped_column(sa.Text, default="[]", server_default="[]")
