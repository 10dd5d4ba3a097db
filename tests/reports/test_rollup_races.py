"""The orders report's rollup under concurrent writes on PostgreSQL: transactions that count
orders of the same group on the same day add to the same rows, and none of their increments
is lost (each thread is its own request, all released at once)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.orders.models import Order, OrderPart, OrderStatus
from marketplace.orders.workflow import transition
from marketplace.reports.models import SalesDay
from marketplace.reports.rollup import rebuild
from tests.helpers import run_together
from tests.orders.test_order_races import as_request, check_out, set_up

pytestmark = pytest.mark.postgres
RACERS = 8


def rollup_rows() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        sa.select(SalesDay.__table__).order_by(*SalesDay.__table__.primary_key.columns))]


def as_rebuilt() -> list[tuple]:
    """The rollup counted again from the orders (rolled back: only compared)."""
    with db.session.begin_nested() as again:
        rebuild()
        rows = rollup_rows()
        again.rollback()
    return rows


def deliver(order_id: int) -> str:
    transition(db.session.get(Order, order_id), OrderStatus.DELIVERED, actor_id=None)
    return "delivered"


def test_racing_checkouts_and_deliveries_of_one_group_lose_no_increment(committed_app):
    """RACERS buyers check out one group's jar at once (one day: one rollup row), then
    RACERS deliveries of those orders run at once: every one is counted."""
    shop = set_up(committed_app, stock=100, buyers=RACERS)

    placed = run_together(RACERS, lambda i: as_request(
        committed_app, lambda: check_out(shop, shop.buyer_ids[i], 10000)))
    assert placed == ["ordered"] * RACERS
    with committed_app.app_context():
        order_ids = db.session.scalars(sa.select(Order.id)).all()
        for order_id in order_ids:
            order = db.session.get(Order, order_id)
            for status in (OrderStatus.CONFIRMED, OrderStatus.PACKED,
                           OrderStatus.OUT_FOR_DELIVERY):
                transition(order, status, actor_id=None)
        db.session.commit()
        db.session.remove()

    delivered = run_together(RACERS, lambda i: as_request(
        committed_app, lambda: deliver(order_ids[i])))

    assert delivered == ["delivered"] * RACERS
    with committed_app.app_context():
        rows = db.session.execute(sa.select(
            sa.func.sum(SalesDay.placed), sa.func.sum(SalesDay.placed_orders),
            sa.func.sum(SalesDay.delivered), sa.func.sum(SalesDay.paise))
            .where(SalesDay.days == 1)).one()
        parts_paise = db.session.scalar(sa.select(sa.func.sum(OrderPart.items_paise)))
        assert tuple(rows) == (RACERS, RACERS, RACERS, parts_paise)
        assert rollup_rows() == as_rebuilt()
        db.session.remove()
