"""The orders report's rollup (reports.rollup): the report it gives equals the report summed
from the orders themselves (tests/reports/raw.py), whatever was placed, cancelled, delivered
and refunded; it is kept by the services' own writes, in their transaction; the report page
reads no order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import cancel_order
from marketplace.orders.workflow import transition
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import handle_stripe_event
from marketplace.payouts.queries import group_refund_shares
from marketplace.reports.models import CountedOrder, ProductSales, SalesDay
from marketplace.reports.queries import Period, list_top_products, sum_orders_by_group_week
from marketplace.reports.rollup import india_day, rebuild, refresh_order
from tests.helpers import make_group, make_product, make_slot, make_user, sign_in
from tests.reports import raw
from tests.reports.data import RANGE, at, ordered

S = OrderStatus
FIRST_DAY = date(2026, 2, 23)  # a Monday
ON_THE_WAY = [S.CONFIRMED, S.PACKED, S.OUT_FOR_DELIVERY]


@pytest.fixture
def shop(nadaun):
    """Three groups, five products, a buyer and a slot."""
    groups = [make_group(nadaun, name=name)[0] for name in ("Honey", "Pickle", "Shawl")]
    products = [make_product(groups[n % 3], name_en=f"Product {n}", price_paise=1000 * (n + 1),
                             stock=10_000) for n in range(5)]
    return {"products": products, "buyer": make_user(name="Buyer"),
            "slot": make_slot(nadaun, capacity=200), "staff": make_user(
                Role.STAFF, sub_division=nadaun)}


def deliver(order: Order) -> None:
    """Through the one place that moves an order (the rollup's listener runs there)."""
    for status in [*ON_THE_WAY, S.DELIVERED]:
        transition(order, status, actor_id=None)


def refund(order: Order, paise: int, when) -> None:
    """Stripe says `paise` of the order's online payment went back by `when` (the payment
    is made on the first refund; later ones raise the amount), as the webhook records it."""
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    if payment is None:
        payment = Payment(order_id=order.id, method=PaymentMethod.ONLINE,
                          amount_paise=order.total_paise, status=PaymentStatus.PAID,
                          provider="stripe")
        db.session.add(payment)
    payment.refunded_paise = max(payment.refunded_paise or 0, min(paise, order.total_paise))
    payment.refunded_at = when
    if payment.refunded_paise == order.total_paise:
        payment.status = PaymentStatus.REFUNDED
    db.session.flush()
    refresh_order(order.id)  # as the webhook's settlement listener does


def nonzero(figures: dict) -> dict:
    return {key: (f.placed, f.delivered, f.paise, f.refunded) for key, f in figures.items()
            if (f.placed, f.delivered, f.paise, f.refunded) != (0, 0, 0, 0)}


def snapshot() -> tuple[list, list, list]:
    """The rollup's rows (leaving out those that count nothing any more)."""
    def rows(model, *figures):
        return [tuple(row) for row in db.session.execute(
            sa.select(model.__table__).where(sa.or_(*(f != 0 for f in figures)))
            .order_by(*model.__table__.primary_key.columns))]
    return (rows(SalesDay, SalesDay.placed, SalesDay.delivered, SalesDay.refunded),
            rows(ProductSales, ProductSales.units),
            rows(CountedOrder, CountedOrder.order_id))


def assert_report_as_from_the_orders(scope: int, period: Period) -> None:
    assert nonzero(sum_orders_by_group_week(scope, period)) == nonzero(
        raw.sum_orders_by_group_week(scope, period))
    assert [tuple(row) for row in list_top_products(scope, period)] == [
        tuple(row) for row in raw.list_top_products(scope, period)]


CLOCKS = ["00:05", "10:00", "23:55"]
order_plans = st.fixed_dictionaries({
    "items": st.dictionaries(st.integers(0, 4), st.integers(1, 4), min_size=1, max_size=3),
    "day": st.integers(0, 27), "clock": st.sampled_from(CLOCKS),
    "fate": st.sampled_from(["placed", "on_the_way", "cancelled", "delivered", "delivered"]),
    "delivery_after": st.integers(0, 3),
    # refunds of a delivered order: (per cent of the total so far, days after delivery)
    "refunds": st.lists(st.tuples(st.integers(1, 100), st.integers(0, 9),
                                  st.sampled_from(CLOCKS)), max_size=2),
})


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=st.lists(order_plans, min_size=2, max_size=10),
       start=st.integers(0, 27), length=st.integers(1, 35))
def test_the_rollup_gives_the_report_the_orders_give(nadaun, shop, plans, start, length):
    with db.session.begin_nested() as example:
        for plan in plans:
            placed = FIRST_DAY + timedelta(days=plan["day"])
            order = ordered(shop["buyer"], {shop["products"][n]: q
                                            for n, q in plan["items"].items()},
                            placed=at(placed.isoformat(), plan["clock"]),
                            delivery=placed + timedelta(days=plan["delivery_after"]),
                            slot=shop["slot"])
            if plan["fate"] == "on_the_way":
                transition(order, S.CONFIRMED, actor_id=None)
            elif plan["fate"] == "cancelled":
                cancel_order(order, actor=shop["staff"], reason="test")
            elif plan["fate"] == "delivered":
                deliver(order)
                for percent, after, clock in plan["refunds"]:
                    day = order.delivery_date + timedelta(days=after)
                    refund(order, order.total_paise * percent // 100,
                           at(day.isoformat(), clock))
        period = Period(FIRST_DAY + timedelta(days=start),
                        FIRST_DAY + timedelta(days=start + length - 1))
        assert_report_as_from_the_orders(nadaun.id, period)
        # Counting everything again from scratch gives the rows kept write by write.
        kept = snapshot()
        rebuild()
        assert snapshot() == kept
        example.rollback()


def test_a_refund_at_stripe_moves_the_rollup_through_the_webhook(nadaun, shop):
    order = ordered(shop["buyer"], {shop["products"][0]: 2, shop["products"][1]: 1},
                    placed=at("2026-03-02", "10:00"), delivery=date(2026, 3, 3),
                    slot=shop["slot"])
    deliver(order)
    db.session.add(Payment(order_id=order.id, method=PaymentMethod.ONLINE, provider="stripe",
                           amount_paise=order.total_paise, status=PaymentStatus.PAID,
                           provider_payment_ref="pi_rollup"))
    db.session.flush()
    for n, amount in enumerate([1000, order.total_paise]):
        assert handle_stripe_event({"id": f"evt_{n}", "type": "charge.refunded", "data": {
            "object": {"payment_intent": "pi_rollup", "amount_refunded": amount}}}
        ).startswith("refunded")
        # Refunded when the webhook came (now): the period reaches that day.
        refunded_at = db.session.scalar(sa.select(Payment.refunded_at))
        period = Period(date(2026, 3, 2), india_day(refunded_at))
        shares = sum(share for _group, share, _at in group_refund_shares())
        assert db.session.scalar(sa.select(sa.func.sum(SalesDay.refunded))
                                 .where(SalesDay.days == 1)) == shares > 0
        assert_report_as_from_the_orders(nadaun.id, period)


def test_a_failed_transaction_leaves_the_rollup_as_it_was(nadaun, shop):
    order = ordered(shop["buyer"], {shop["products"][2]: 1}, placed=at("2026-03-02", "10:00"),
                    delivery=date(2026, 3, 3), slot=shop["slot"])
    before = snapshot()
    with pytest.raises(RuntimeError), db.session.begin_nested():
        deliver(order)
        assert snapshot() != before
        raise RuntimeError("the request fails after the delivery")
    assert snapshot() == before


def test_the_orders_page_reads_the_rollup_not_the_orders(client, nadaun, shop, count_queries):
    for n in range(3):
        deliver(ordered(shop["buyer"], {shop["products"][n]: 1},
                        placed=at("2026-03-03", "10:00"), delivery=date(2026, 3, 4),
                        slot=shop["slot"]))
    sign_in(client, shop["staff"])
    for url in (f"/panel/reports/orders?{RANGE}", f"/panel/reports/orders.csv?{RANGE}",
                f"/panel/reports/top-products.csv?{RANGE}"):
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        read = " ".join(statements).lower()
        assert "sales_days" in read or "product_sales" in read, url
        for table in ("from orders", "join orders", "order_parts", "order_lines", "payments"):
            assert table not in read, (url, table)


def test_the_cli_rebuilds_the_rollup_from_the_orders(app, nadaun, shop):
    deliver(ordered(shop["buyer"], {shop["products"][0]: 3}, placed=at("2026-03-02", "10:00"),
                    delivery=date(2026, 3, 3), slot=shop["slot"]))
    kept = snapshot()
    db.session.execute(sa.delete(SalesDay))
    result = app.test_cli_runner().invoke(args=["rebuild-sales-rollup"])
    assert result.exit_code == 0, result.output
    assert "counted 1 order(s)" in result.output
    assert snapshot() == kept
