"""Stripe's events for one payment page, in any order and repeated, end in one state that
depends only on what Stripe holds (issue 19, item 2): a property test with Hypothesis.

Runs on SQLite in `make test` and on PostgreSQL in .ci/run's PostgreSQL suite."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.accounts.models import Role
from marketplace.core.errors import Conflict
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import handle_stripe_event
from marketplace.shg.models import SelfHelpGroup
from tests.helpers import make_group, make_product, make_slot, make_user, place_order

S = OrderStatus
PAID_KINDS = ["completed_paid", "async_payment_succeeded"]
UNPAID_KINDS = ["completed_unpaid", "async_payment_failed", "expired"]
FAILURE_KINDS = {"async_payment_failed", "expired"}
TYPES = {"completed_paid": "checkout.session.completed",
         "completed_unpaid": "checkout.session.completed",
         "async_payment_succeeded": "checkout.session.async_payment_succeeded",
         "async_payment_failed": "checkout.session.async_payment_failed",
         "expired": "checkout.session.expired"}


@st.composite
def histories(draw):
    """(Stripe says paid?, the deliveries in arrival order, where the buyer cancels or None).
    A delivery is (kind, copy): the same (kind, copy) twice is one event delivered twice."""
    paid = draw(st.booleans())
    kinds = PAID_KINDS + UNPAID_KINDS if paid else UNPAID_KINDS
    deliveries = draw(st.lists(st.tuples(st.sampled_from(kinds), st.integers(0, 1)),
                               min_size=1, max_size=8))
    if paid:  # Stripe says the money came: at least one event says so too
        deliveries.insert(draw(st.integers(0, len(deliveries))),
                          (draw(st.sampled_from(PAID_KINDS)), 0))
    cancel_at = draw(st.none() | st.integers(0, len(deliveries)))
    return paid, deliveries, cancel_at


@pytest.fixture
def shop(nadaun):
    group, _leader = make_group(nadaun)
    return SimpleNamespace(group_id=group.id, slot_id=make_slot(nadaun).id,
                           staff=make_user(Role.STAFF, sub_division=nadaun))


def buyer_cancels(order: Order, buyer) -> None:
    """What the buyer's cancel button does: cancel, commit, then refund what was paid."""
    try:
        with db.session.begin_nested():
            services.cancel_order(order, actor=buyer)
    except Conflict:
        return  # already cancelled (the page expired first)
    services.refund_order(order, actor_id=buyer.id)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories())
def test_the_end_state_depends_only_on_what_stripe_says(shop, fake_stripe, history):
    paid, deliveries, cancel_at = history
    for memory in (fake_stripe.sessions, fake_stripe.refunds, fake_stripe._by_idempotency):
        memory.clear()
    example = db.session.begin_nested()
    try:
        product = make_product(db.session.get(SelfHelpGroup, shop.group_id),
                               price_paise=10000, stock=5)
        buyer = make_user()
        order = place_order(buyer, {product: 2}, slot=db.session.get(DeliverySlot, shop.slot_id),
                            method=PaymentMethod.ONLINE)
        url = services.start_order_payment(order, actor=buyer, success_url="/ok",
                                           cancel_url="/no")
        session = next(s for s in fake_stripe.sessions.values() if s["url"] == url)
        if paid:
            session = fake_stripe.pay(session["id"], payment_intent=f"pi_{order.id}")
        order_id = order.id

        for step, delivery in enumerate([*deliveries, None]):
            if step == cancel_at:
                buyer_cancels(db.session.get(Order, order_id), buyer)
            if delivery is None:
                break
            kind, copy = delivery
            changes = {"payment_status": "paid"} if kind in PAID_KINDS else {
                "payment_status": "unpaid"}
            event = {"id": f"evt_{order_id}_{kind}_{copy}", "type": TYPES[kind],
                     "data": {"object": {**session, **changes}}}
            with db.session.begin_nested():  # one webhook request, one transaction
                handle_stripe_event(event)

        db.session.flush()
        db.session.expire_all()
        order = db.session.get(Order, order_id)
        payment = db.session.scalars(sa.select(Payment).where(
            Payment.order_id == order_id)).one()
        refunds = [r for r in fake_stripe.refunds if r["payment_intent"] == f"pi_{order_id}"]
        cancelled = cancel_at is not None
        if paid and not cancelled:
            assert (order.status, payment.status) == (S.PLACED, PaymentStatus.PAID)
            assert order.paid_at is not None and refunds == [] and product.stock == 3
        elif paid:  # the buyer cancelled: the money goes back exactly once
            assert (order.status, payment.status) == (S.CANCELLED, PaymentStatus.REFUNDED)
            assert len(refunds) == 1 and refunds[0]["amount"] == order.total_paise
            assert product.stock == 5
        else:
            failed = cancelled or any(kind in FAILURE_KINDS for kind, _ in deliveries)
            assert order.status is (S.CANCELLED if failed else S.PLACED)
            assert order.paid_at is None and refunds == []
            assert payment.status in (PaymentStatus.PENDING, PaymentStatus.FAILED)
            assert product.stock == (5 if failed else 3)
    finally:
        example.rollback()
        # SQLite gives rolled-back ids again: forget the example's objects.
        db.session.expunge_all()
