"""A refund or a dispute made at Stripe reaches the payment and the order (issue 19, 1)."""

from __future__ import annotations

import pytest

from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import OrderStatus
from marketplace.payments.models import PaymentStatus
from marketplace.payments.services import handle_stripe_event
from tests.helpers import messages_to, sign_in
from tests.orders.test_order_payments import (  # noqa: F401 - fixtures, shared
    fresh,
    paid_event,
    paying,
    payment_of,
    shop,
)

S = OrderStatus


def charge_event(kind: str, event_id: str, **charge) -> dict:
    return {"id": event_id, "type": kind,
            "data": {"object": {"object": "charge", "id": "ch_1",
                                "payment_intent": "pi_test_1", **charge}}}


@pytest.fixture
def paid(paying):  # noqa: F811 - the fixture imported above
    assert handle_stripe_event(paid_event(paying.session)) == "paid"
    services.confirm_order(fresh(paying.order), actor=paying.staff)
    return paying


def test_a_full_refund_at_stripe_holds_the_undelivered_order_for_staff(app, client, paid):
    total = paid.order.total_paise
    event = charge_event("charge.refunded", "evt_r", amount=total, amount_refunded=total,
                         refunded=True)
    assert handle_stripe_event(event) == "refunded"
    assert handle_stripe_event({**event, "id": "evt_r_again"}) == "refund_known"
    order, payment = fresh(paid.order), payment_of(paid.order)
    assert (payment.status, payment.refunded_paise) == (PaymentStatus.REFUNDED, total)
    assert order.is_held and order.hold_reason == "refunded"
    assert messages_to(paid.buyer.phone)[-1].kind == "payment_refunded"
    assert [m.kind for m in messages_to(paid.staff.phone)] == ["staff_payment_refunded"]
    # Never moved on silently: packing and delivery are refused until staff decide.
    part = order.parts[0]
    with pytest.raises(Conflict) as refused:
        services.mark_part_packed(part, actor=paid.staff)
    assert refused.value.code == "order_held"

    sign_in(client, paid.staff)
    listing = client.get("/panel/orders").get_data(as_text=True)
    assert "On hold" in listing
    day = order.delivery_date.isoformat()
    sheet = client.get(f"/panel/runs/pick-list?day={day}&slot={order.slot_id}")
    assert "ON HOLD" in sheet.get_data(as_text=True)


def test_staff_release_a_held_order_as_cash_on_delivery(paid):
    total = paid.order.total_paise
    handle_stripe_event(charge_event("charge.refunded", "evt_r", amount=total,
                                     amount_refunded=total, refunded=True))
    order = fresh(paid.order)
    services.release_hold(order, actor=paid.staff)
    order = fresh(paid.order)
    assert not order.is_held and order.paid_at is None
    assert order.payment_method.value == "cash"
    with pytest.raises(Conflict):
        services.release_hold(order, actor=paid.staff)


def test_a_partial_refund_is_recorded_and_told_but_does_not_hold(paid):
    assert handle_stripe_event(charge_event(
        "charge.refunded", "evt_p1", amount_refunded=5000, refunded=False)) == "refunded_partly"
    # Stripe's events may come out of order: an older, smaller figure changes nothing.
    assert handle_stripe_event(charge_event(
        "charge.refunded", "evt_p0", amount_refunded=3000, refunded=False)) == "refund_known"
    payment, order = payment_of(paid.order), fresh(paid.order)
    assert (payment.status, payment.refunded_paise) == (PaymentStatus.PAID, 5000)
    assert not order.is_held
    assert [m.kind for m in messages_to(paid.staff.phone)] == ["staff_payment_refunded"]


def test_a_dispute_is_recorded_holds_the_order_and_its_close_is_recorded(paid):
    dispute = {"object": "dispute", "id": "dp_1", "charge": "ch_1",
               "payment_intent": "pi_test_1", "amount": paid.order.total_paise,
               "reason": "fraudulent"}
    assert handle_stripe_event({"id": "evt_d1", "type": "charge.dispute.created", "data": {
        "object": {**dispute, "status": "needs_response"}}}) == "disputed"
    payment, order = payment_of(paid.order), fresh(paid.order)
    assert (payment.dispute_status, payment.disputed_paise) == (
        "needs_response", paid.order.total_paise)
    assert order.is_held and order.hold_reason == "disputed"
    assert [m.kind for m in messages_to(paid.staff.phone)] == ["staff_payment_disputed"]
    assert handle_stripe_event({"id": "evt_d2", "type": "charge.dispute.closed", "data": {
        "object": {**dispute, "status": "lost"}}}) == "dispute_lost"
    payment = payment_of(paid.order)
    assert (payment.dispute_status, payment.refunded_paise) == ("lost", paid.order.total_paise)


def test_a_partial_refund_at_stripe_of_a_delivered_order_counts_in_the_payouts(paid):
    from marketplace.core.db import today_in_india
    from marketplace.payouts.queries import Period, compute_figures

    for part in fresh(paid.order).parts:
        services.mark_part_packed(part, actor=paid.staff)
    services.dispatch_order(fresh(paid.order), actor=paid.staff)
    services.mark_delivered(fresh(paid.order), actor=paid.staff)
    assert handle_stripe_event(charge_event(
        "charge.refunded", "evt_p", amount_refunded=3900, refunded=False)) == "refunded_partly"
    assert not fresh(paid.order).is_held  # delivered: nothing to hold
    db.session.flush()
    figures = compute_figures(Period.month_of(today_in_india()),
                              sub_division_id=paid.nadaun.id)
    (row,) = figures.values()
    assert row.refunds_paise == 3900 * 36000 // 39000  # the group's share of ₹39
