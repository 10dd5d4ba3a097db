"""The orders report's rollup: what each order counts for, kept in the transaction of every
write that changes it, so the report reads a few hundred summary rows whatever the number of
orders.

One rule (`counts`) says what an order counts for, from its facts: its parts on the day it
was placed, its parts, their paise and its lines on its delivery date once delivered, its
groups' refund shares (payouts' rule) on the day refunded; each in the day's row and in the
ISO week's row. `refresh_order` compares what the
order counts for now with what the rollup holds for it (CountedOrder), under a row lock, and
adds the difference with `x = x + delta` upserts in key order: concurrent transactions add
to the same rows without losing each other's increments or deadlocking, and a rolled-back
transaction takes its increments with it. It runs when an order is placed or delivered (the
orders' status listener) and when a payment of an order is refunded (the payments'
settlement listener); `rebuild` computes everything from scratch (migration, CLI, bulk loads).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from marketplace.core.db import INDIA
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderPart, OrderStatus
from marketplace.payments.models import Payment
from marketplace.payouts.queries import refund_share, refunded_parts
from marketplace.reports.models import CountedOrder, ProductSales, SalesDay

GROUP_FIGURES = ("placed", "placed_orders", "delivered", "delivered_orders", "paise",
                 "refunded")
PRODUCT_FIGURES = ("units", "paise")
GROUP_KEY = ("sub_division_id", "days", "day", "group_id")
PRODUCT_KEY = ("sub_division_id", "days", "start_on", "product_id")
#: payment outcomes after which an order's refunds may have changed
REFUND_OUTCOMES = frozenset({"refunded", "refunded_partly", "dispute_lost"})


@dataclass
class Facts:
    """What decides what an order counts for. Parts and lines are fixed at checkout."""

    sub_division_id: int
    placed_on: date
    delivered_on: date | None = None
    #: (group id, items paise) of every part
    parts: list[tuple[int, int]] = field(default_factory=list)
    #: (product id, units, paise), only needed once delivered
    lines: list[tuple[int, int, int]] = field(default_factory=list)
    #: (group id, day refunded, share in paise) of each refund of a delivered order
    refunds: list[tuple[int, date, int]] = field(default_factory=list)


@dataclass
class Counts:
    """Rollup rows: {key: figures} for SalesDay and ProductSales (keys as GROUP_KEY and
    PRODUCT_KEY, figures as GROUP_FIGURES and PRODUCT_FIGURES)."""

    groups: dict[tuple, list[int]] = field(default_factory=dict)
    products: dict[tuple, list[int]] = field(default_factory=dict)

    def add(self, other: Counts, sign: int = 1) -> None:
        for mine, theirs in ((self.groups, other.groups), (self.products, other.products)):
            for key, figures in theirs.items():
                row = mine.setdefault(key, [0] * len(figures))
                for n, value in enumerate(figures):
                    row[n] += sign * value


def counts(facts: Facts) -> Counts:
    """The rule: what one order counts for. An order's parts each count in their group's
    rows; the order itself once, on the row of its lowest group (all-groups totals)."""
    found = Counts()

    def add(day: date, group_id: int, **figures: int) -> None:
        for days, start in ((1, day), (7, day - timedelta(days=day.weekday()))):
            row = found.groups.setdefault((facts.sub_division_id, days, start, group_id),
                                          [0] * len(GROUP_FIGURES))
            for name, value in figures.items():
                row[GROUP_FIGURES.index(name)] += value

    first = min((group_id for group_id, _ in facts.parts), default=None)
    for group_id, paise in facts.parts:
        once = int(group_id == first)
        add(facts.placed_on, group_id, placed=1, placed_orders=once)
        if facts.delivered_on is not None:
            add(facts.delivered_on, group_id, delivered=1, delivered_orders=once, paise=paise)
    if facts.delivered_on is not None:
        monday = facts.delivered_on - timedelta(days=facts.delivered_on.weekday())
        for product_id, units, paise in facts.lines:
            for days, start in ((1, facts.delivered_on), (7, monday)):
                row = found.products.setdefault((facts.sub_division_id, days, start, product_id),
                                                [0, 0])
                row[0] += units
                row[1] += paise
    for group_id, day, share in facts.refunds:
        add(day, group_id, refunded=share)
    return found


def india_day(moment) -> date:
    return moment.astimezone(INDIA).date()


def _refunds_json(refunds: Iterable[tuple[int, date, int]]) -> str:
    return json.dumps(sorted([group_id, day.isoformat(), share]
                             for group_id, day, share in refunds))


def _refunds_of(text: str) -> list[tuple[int, date, int]]:
    return [(group_id, date.fromisoformat(day), share)
            for group_id, day, share in json.loads(text)]


def _refund_rows(rows) -> list[tuple[int, int, date, int]]:
    """(order id, group id, day, share) from refunded_parts rows."""
    return [(order_id, group_id, india_day(refunded_at),
             refund_share(refunded, part_paise, total_paise))
            for order_id, group_id, refunded, refunded_at, part_paise, total_paise in rows
            if refunded_at is not None]


def _lines_of(order_ids) -> sa.Select:
    return (sa.select(OrderLine.order_id, OrderLine.product_id, sa.func.sum(OrderLine.quantity),
                      sa.func.sum(OrderLine.total_paise))
            .where(order_ids).group_by(OrderLine.order_id, OrderLine.product_id)
            .order_by(OrderLine.order_id, OrderLine.product_id))


# Kept on write.

def current_facts(order_id: int) -> Facts:
    """The order's facts as they stand in this transaction (two or four queries)."""
    rows = db.session.execute(
        sa.select(Order.sub_division_id, Order.created_at, Order.status, Order.delivery_date,
                  OrderPart.group_id, OrderPart.items_paise)
        .outerjoin(OrderPart, OrderPart.order_id == Order.id)
        .where(Order.id == order_id).order_by(OrderPart.group_id)).all()
    first = rows[0]
    facts = Facts(first.sub_division_id, india_day(first.created_at),
                  parts=[(row.group_id, row.items_paise) for row in rows
                         if row.group_id is not None])
    if first.status is OrderStatus.DELIVERED:
        facts.delivered_on = first.delivery_date
        facts.lines = [(product_id, int(units), int(paise)) for _order, product_id, units, paise
                       in db.session.execute(_lines_of(OrderLine.order_id == order_id))]
        facts.refunds = [(group_id, day, share) for _order, group_id, day, share
                         in _refund_rows(db.session.execute(
                             refunded_parts(Order.id == order_id)))]
    return facts


def refresh_order(order_id: int, *, new: bool = False) -> None:
    """Bring the rollup in line with what the order counts for now (`new`: just placed,
    nothing counted yet). Idempotent; locks the order's CountedOrder row until commit."""
    counted = None if new else db.session.execute(
        sa.select(CountedOrder).where(CountedOrder.order_id == order_id)
        .with_for_update()).scalar_one_or_none()
    facts = current_facts(order_id)
    refunds = _refunds_json(facts.refunds)
    if counted is not None and (counted.placed_on, counted.delivered_on, counted.refunds) == (
            facts.placed_on, facts.delivered_on, refunds):
        return
    change = counts(facts)
    if counted is not None:
        before = Facts(facts.sub_division_id, counted.placed_on, counted.delivered_on,
                       facts.parts, refunds=_refunds_of(counted.refunds))
        if before.delivered_on is not None:
            before.lines = facts.lines or [
                (product_id, int(units), int(paise)) for _order, product_id, units, paise
                in db.session.execute(_lines_of(OrderLine.order_id == order_id))]
        change.add(counts(before), sign=-1)
        counted.placed_on, counted.delivered_on = facts.placed_on, facts.delivered_on
        counted.refunds = refunds
    else:
        db.session.add(CountedOrder(order_id=order_id, placed_on=facts.placed_on,
                                    delivered_on=facts.delivered_on, refunds=refunds))
    _add(SalesDay, GROUP_KEY, GROUP_FIGURES, change.groups)
    _add(ProductSales, PRODUCT_KEY, PRODUCT_FIGURES, change.products)


def _values(key: tuple[str, ...], figures: tuple[str, ...], rows: dict) -> list[dict]:
    """Rows as column values, in key order, leaving out those that add nothing."""
    return [dict(zip(key, k, strict=True)) | dict(zip(figures, v, strict=True))
            for k, v in sorted(rows.items()) if any(v)]


def _add(model, key: tuple[str, ...], figures: tuple[str, ...], rows: dict) -> None:
    """INSERT … ON CONFLICT DO UPDATE SET figure = figure + excluded.figure, in key order (two
    transactions then lock shared rows in the same order)."""
    values = _values(key, figures, rows)
    if not values:
        return
    table = model.__table__
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)(table)
    db.session.execute(insert.on_conflict_do_update(
        index_elements=list(key),
        set_={name: table.c[name] + insert.excluded[name] for name in figures}), values)


def order_changed(order: Order, before: OrderStatus | None) -> None:
    """The orders' status listener: an order counts anew when placed and when delivered
    (DELIVERED is final; other moves change nothing it counts for)."""
    if before is None:
        refresh_order(order.id, new=True)
    elif order.status is OrderStatus.DELIVERED:
        refresh_order(order.id)


def payment_settled(payment: Payment, outcome: str) -> None:
    """The payments' settlement listener: a refund (or a lost dispute) of an order's money."""
    if payment.order_id is not None and outcome in REFUND_OUTCOMES:
        refresh_order(payment.order_id)


# Rebuilt from scratch.

def rebuild(runner=None) -> int:
    """Empty the rollup and count every order again, by the same rule; returns how many
    orders. `runner`: a Session or a Connection (a migration's), default db.session. Four
    reading queries whatever the number of orders; the caller commits."""
    runner = runner if runner is not None else db.session
    parts: dict[int, list[tuple[int, int]]] = {}
    for order_id, group_id, paise in runner.execute(
            sa.select(OrderPart.order_id, OrderPart.group_id, OrderPart.items_paise)
            .order_by(OrderPart.order_id, OrderPart.group_id)):
        parts.setdefault(order_id, []).append((group_id, paise))
    delivered = sa.select(Order.id).where(Order.status == OrderStatus.DELIVERED)
    lines: dict[int, list[tuple[int, int, int]]] = {}
    for order_id, product_id, units, paise in runner.execute(
            _lines_of(OrderLine.order_id.in_(delivered))):
        lines.setdefault(order_id, []).append((product_id, int(units), int(paise)))
    refunds: dict[int, list[tuple[int, date, int]]] = {}
    for order_id, group_id, day, share in _refund_rows(runner.execute(refunded_parts())):
        refunds.setdefault(order_id, []).append((group_id, day, share))
    total, ledger = Counts(), []
    for order_id, sub_division_id, created_at, status, delivery_date in runner.execute(
            sa.select(Order.id, Order.sub_division_id, Order.created_at, Order.status,
                      Order.delivery_date).order_by(Order.id)):
        is_delivered = status is OrderStatus.DELIVERED
        facts = Facts(sub_division_id, india_day(created_at),
                      delivery_date if is_delivered else None, parts.get(order_id, []),
                      lines.get(order_id, []), refunds.get(order_id, []))
        total.add(counts(facts))
        ledger.append({"order_id": order_id, "placed_on": facts.placed_on,
                       "delivered_on": facts.delivered_on,
                       "refunds": _refunds_json(facts.refunds)})
    for model in (CountedOrder, SalesDay, ProductSales):
        runner.execute(sa.delete(model.__table__))
    for model, values in ((SalesDay, _values(GROUP_KEY, GROUP_FIGURES, total.groups)),
                          (ProductSales, _values(PRODUCT_KEY, PRODUCT_FIGURES, total.products)),
                          (CountedOrder, ledger)):
        if values:
            runner.execute(sa.insert(model.__table__), values)
    return len(ledger)
