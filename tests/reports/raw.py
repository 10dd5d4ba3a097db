"""The orders report's figures summed from the orders themselves, as the report did before it
read the rollup: the oracle the rollup is checked against (tests only)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core.db import INDIA
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderLine, OrderPart, OrderStatus
from marketplace.payments.models import Payment
from marketplace.payouts.queries import group_refund_shares
from marketplace.reports.queries import (
    Period,
    WeekFigures,
    _scoped,
    _within,
    name_top_products,
    week_of,
)


def sum_orders_by_group_week(scope: int | None,
                             period: Period) -> dict[tuple[int | None, int], WeekFigures]:
    """{(group id or None for all groups, week number): WeekFigures}, in one statement: the
    orders × parts rows of the period are joined once (a CTE) and summed per group by the
    week placed and by the week delivered; the all-groups rows come from the orders alone.
    The paise are the groups' parts of delivered orders (delivery charges are no group's).
    Refunds take a second query."""
    delivered = sa.and_(Order.status == OrderStatus.DELIVERED,
                        Order.delivery_date >= period.start, Order.delivery_date <= period.end)
    placed = _within(Order.created_at, period)
    rows = _scoped(
        sa.select(OrderPart.group_id, OrderPart.order_id, OrderPart.items_paise,
                  sa.case((placed, week_of(Order.created_at, period))).label("placed_week"),
                  sa.case((delivered, week_of(Order.delivery_date, period, is_date=True)))
                  .label("delivered_week"))
        .join(Order, Order.id == OrderPart.order_id)
        .where(sa.or_(placed, delivered)), Order.sub_division_id, scope).cte("order_rows")
    zero = sa.literal(0)

    def per_group(week, *figures):
        return (sa.select(rows.c.group_id, week, *figures)
                .where(week.is_not(None)).group_by(rows.c.group_id, week))

    def all_groups(condition, week, *figures):
        """From the orders alone, so that an order of two groups counts once."""
        query = sa.select(sa.null(), week.label("week"), *figures).where(condition)
        return _scoped(query, Order.sub_division_id, scope).group_by(sa.literal_column("2"))

    statement = sa.union_all(
        per_group(rows.c.placed_week, sa.func.count(), zero, zero),
        per_group(rows.c.delivered_week, zero, sa.func.count(), sa.func.sum(rows.c.items_paise)),
        all_groups(placed, week_of(Order.created_at, period), sa.func.count(), zero, zero),
        all_groups(delivered, week_of(Order.delivery_date, period, is_date=True), zero,
                   sa.func.count(), zero),
    )
    figures: dict[tuple[int | None, int], WeekFigures] = {}
    for group_id, week, placed_count, delivered_count, paise in db.session.execute(statement):
        entry = figures.setdefault((group_id, week), WeekFigures())
        entry.placed += int(placed_count)
        entry.delivered += int(delivered_count)
        entry.paise += int(paise or 0)
    for group_id, week, share in _refunds_by_group_week(scope, period):
        figures.setdefault((group_id, week), WeekFigures()).refunded += share
    return figures


def _refunds_by_group_week(scope: int | None, period: Period) -> list[tuple[int, int, int]]:
    """(group id, week number, share) of each refund made in the period of a delivered order,
    shared out as payouts share it. Refunds are few, so they are weeked here, not in SQL."""
    first = period.weeks[0]
    shares = group_refund_shares(_within(Payment.refunded_at, period),
                                 *([] if scope is None else [Order.sub_division_id == scope]))
    return [(group_id, (refunded_at.astimezone(INDIA).date() - first).days // 7, share)
            for group_id, share, refunded_at in shares]




def list_top_products(scope: int | None, period: Period, limit: int = 10) -> list[sa.Row]:
    """The products most units of which were delivered in the period: rows (id, name_en,
    name_hi, unit, group_name_en, group_name_hi, units, paise). Lines are summed per product
    first and named after; a delivered order has no cancelled part (parts are cancelled only
    with their whole order), so the lines need no part."""
    units = sa.func.sum(OrderLine.quantity).label("units")
    top = (_scoped(sa.select(OrderLine.product_id, units,
                             sa.func.sum(OrderLine.total_paise).label("paise"))
                   .join(Order, Order.id == OrderLine.order_id)
                   .where(Order.status == OrderStatus.DELIVERED,
                          Order.delivery_date >= period.start,
                          Order.delivery_date <= period.end), Order.sub_division_id, scope)
           .group_by(OrderLine.product_id)
           .order_by(units.desc(), OrderLine.product_id)
           .limit(limit).subquery())
    return name_top_products(top)
