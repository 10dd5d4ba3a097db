"""Paying an order online through the tests' fake Stripe: the server's amount, verified and
idempotent webhooks in any order, abandoned payments giving the stock back, refunds."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden
from marketplace.delivery.models import SlotLoad
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import Order, OrderStatus, OrderStatusChange, PartStatus
from marketplace.payments.models import (
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProcessedWebhookEvent,
)
from marketplace.payments.services import handle_stripe_event
from marketplace.payments.stripe_gateway import GatewayError
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    tomorrow,
)
from tests.payments.fake_stripe import WEBHOOK_SECRET, signed_event

S = OrderStatus
ONLINE = PaymentMethod.ONLINE


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    group, leader = make_group(nadaun)
    return SimpleNamespace(nadaun=nadaun, leader=leader, slot=make_slot(nadaun),
                           pickle=make_product(group, price_paise=18000, stock=5),
                           staff=make_user(Role.STAFF, sub_division=nadaun), buyer=make_user())


def online_order(shop, quantity: int = 2) -> Order:
    return place_order(shop.buyer, {shop.pickle: quantity}, slot=shop.slot, method=ONLINE)


def pay_page(shop, order: Order) -> dict:
    """Start paying; returns the Checkout Session the fake made."""
    url = services.start_order_payment(order, actor=shop.buyer,
                                       success_url="https://swarozgar.test/ok",
                                       cancel_url="https://swarozgar.test/no")
    return next(s for s in shop.fake.sessions.values() if s["url"] == url)


@pytest.fixture
def paying(shop, fake_stripe):
    """An online order for 2 × ₹180 + ₹30 delivery with its Stripe page open."""
    shop.fake = fake_stripe
    shop.order = online_order(shop)
    shop.session = pay_page(shop, shop.order)
    return shop


def event(kind: str, session: dict, event_id: str, **changes) -> dict:
    return {"id": event_id, "object": "event", "type": kind,
            "data": {"object": {**session, **changes}}}


def paid_event(session: dict, event_id: str = "evt_paid", **changes) -> dict:
    return event("checkout.session.completed", session, event_id, payment_status="paid",
                 payment_intent="pi_test_1", **changes)


def deliver(client, body: bytes, header: str):
    return client.post("/payments/stripe/webhook", data=body,
                       headers={"Stripe-Signature": header}, content_type="application/json")


def payment_of(order: Order) -> Payment:
    return db.session.scalars(sa.select(Payment).where(Payment.order_id == order.id)).one()


def fresh(order: Order) -> Order:
    db.session.flush()  # what the services changed, as the caller's commit would write it
    db.session.expire_all()
    return db.session.get(Order, order.id)


def nothing_paid(order: Order) -> bool:
    order = fresh(order)
    return order.paid_at is None and db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        Payment.order_id == order.id, Payment.status == PaymentStatus.PAID)) == 0


# Opening the payment page.

def test_the_payment_page_is_for_the_orders_total_computed_by_the_server(paying):
    order = paying.order
    assert order.total_paise == 2 * 18000 + 3000
    sent = paying.fake.requests[-1]
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == [str(order.total_paise)]
    assert sent["form"]["line_items[0][price_data][currency]"] == ["inr"]
    assert sent["idempotency"] == f"swarozgar-order-{order.id}-v1-0"
    expires_in = int(sent["form"]["expires_at"][0]) - utcnow().timestamp()  # the app's clock
    assert 30 * 60 <= expires_in <= 32 * 60  # Stripe needs at least 30 minutes
    payment = payment_of(order)
    assert (payment.status, payment.amount_paise, payment.provider_ref) == (
        PaymentStatus.PENDING, order.total_paise, paying.session["id"])


def test_an_open_payment_page_is_reused_not_opened_again(paying):
    again = services.start_order_payment(paying.order, actor=paying.buyer, success_url="/ok",
                                         cancel_url="/no")
    assert again == paying.session["url"]
    assert len(paying.fake.sessions) == 1


def test_only_the_buyer_pays_and_only_an_unpaid_online_order(shop, fake_stripe):
    order = online_order(shop)
    with pytest.raises(Forbidden):
        services.start_order_payment(order, actor=make_user(), success_url="/", cancel_url="/")
    cash = place_order(shop.buyer, {shop.pickle: 1}, slot=shop.slot)
    with pytest.raises(Conflict) as error:
        services.start_order_payment(cash, actor=shop.buyer, success_url="/", cancel_url="/")
    assert error.value.code == "not_awaiting_payment"
    assert fake_stripe.requests == []


def test_when_stripe_cannot_open_a_page_nothing_is_recorded(shop, fake_stripe):
    order = online_order(shop)
    fake_stripe.fail_with = 500
    with pytest.raises(GatewayError), db.session.begin_nested():  # the caller rolls back
        services.start_order_payment(order, actor=shop.buyer, success_url="/", cancel_url="/")
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 0


# Verified webhooks over HTTP.

def test_a_verified_paid_event_pays_the_order_and_staff_may_then_confirm(client, paying):
    body, header = signed_event("checkout.session.completed", paying.session,
                                event_id="evt_1", payment_status="paid",
                                payment_intent="pi_test_1")
    assert deliver(client, body, header).json == {"outcome": "paid"}
    order = fresh(paying.order)
    payment = payment_of(order)
    assert (payment.status, payment.provider_payment_ref) == (PaymentStatus.PAID, "pi_test_1")
    assert order.paid_at == payment.paid_at is not None
    services.confirm_order(order, actor=paying.staff)
    assert order.status is S.CONFIRMED


@pytest.mark.parametrize("forgery", ["other_secret", "no_header", "garbage", "edited_body"])
def test_a_forged_webhook_is_refused_and_changes_nothing(client, paying, forgery):
    body, header = signed_event("checkout.session.completed", paying.session,
                                event_id="evt_forged", payment_status="paid",
                                secret="whsec_other" if forgery == "other_secret"
                                else WEBHOOK_SECRET)
    if forgery == "no_header":
        header = ""
    elif forgery == "garbage":
        header = "t=1,v1=deadbeef"
    elif forgery == "edited_body":
        body = body.replace(b'"paid"', b'"paid" ')  # signed, then changed on the way
    response = deliver(client, body, header)
    assert response.status_code == 400
    assert nothing_paid(paying.order)
    assert payment_of(paying.order).status is PaymentStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == 0


def test_a_correctly_signed_but_hour_old_webhook_is_refused(client, paying):
    body, header = signed_event("checkout.session.completed", paying.session,
                                event_id="evt_old", payment_status="paid",
                                timestamp=int(time.time()) - 3600)
    assert deliver(client, body, header).status_code == 400
    assert nothing_paid(paying.order)
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == 0


def test_a_replayed_failure_cancels_once_and_gives_the_stock_back_once(client, paying):
    body, header = signed_event("checkout.session.expired", paying.session,
                                event_id="evt_exp", status="expired")
    assert deliver(client, body, header).json == {"outcome": "failed"}
    assert deliver(client, body, header).json == {"outcome": "duplicate"}
    # Stripe may also tell the same news under another event id.
    other = signed_event("checkout.session.async_payment_failed", paying.session,
                         event_id="evt_exp_2")
    assert deliver(client, *other).json == {"outcome": "already_failed"}
    order = fresh(paying.order)
    assert order.status is S.CANCELLED
    assert paying.pickle.stock == 5 and paying.pickle.units_sold == 0
    assert db.session.scalar(sa.select(SlotLoad.booked).where(
        SlotLoad.slot_id == paying.slot.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count(OrderStatusChange.id)).where(
        OrderStatusChange.to_status == S.CANCELLED)) == 1


# Events out of order, through the service.

def test_the_async_success_before_the_completion_pays_once(paying):
    session = paying.session
    assert handle_stripe_event(event("checkout.session.async_payment_succeeded", session,
                                     "evt_a", payment_status="paid",
                                     payment_intent="pi_test_1")) == "paid"
    first_paid_at = fresh(paying.order).paid_at
    assert handle_stripe_event(paid_event(session, "evt_b")) == "already_paid"
    assert fresh(paying.order).paid_at == first_paid_at is not None


def test_a_completion_without_the_money_does_not_pay_the_order(paying):
    outcome = handle_stripe_event(event("checkout.session.completed", paying.session,
                                        "evt_u", payment_status="unpaid"))
    assert outcome == "awaiting_payment"
    assert nothing_paid(paying.order)
    assert fresh(paying.order).status is S.PLACED
    assert handle_stripe_event(event("checkout.session.async_payment_succeeded",
                                     paying.session, "evt_s", payment_status="paid",
                                     payment_intent="pi_test_1")) == "paid"
    assert fresh(paying.order).paid_at is not None


@pytest.mark.parametrize("late", ["checkout.session.expired",
                                  "checkout.session.async_payment_failed"])
def test_a_late_failure_after_payment_changes_nothing(paying, late):
    assert handle_stripe_event(paid_event(paying.session)) == "paid"
    assert handle_stripe_event(event(late, paying.session, "evt_late")) == "already_paid"
    order = fresh(paying.order)
    assert order.status is S.PLACED and order.paid_at is not None
    assert payment_of(order).status is PaymentStatus.PAID
    assert paying.pickle.stock == 3


@pytest.mark.parametrize("changes", [{"amount_total": 100}, {"currency": "usd"},
                                     {"amount_total": None}])
def test_an_event_for_another_amount_or_currency_does_not_pay(paying, changes):
    outcome = handle_stripe_event(paid_event(paying.session, **changes))
    assert outcome == "amount_mismatch"
    assert nothing_paid(paying.order)
    assert payment_of(paying.order).status is PaymentStatus.FAILED
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "payment.amount_mismatch")) == 1


# Abandoned payments.

@pytest.mark.parametrize("kind", ["checkout.session.expired",
                                  "checkout.session.async_payment_failed"])
def test_an_abandoned_online_payment_cancels_the_order_and_returns_stock_once(paying, kind):
    assert handle_stripe_event(event(kind, paying.session, "evt_f")) == "failed"
    order = fresh(paying.order)
    assert order.status is S.CANCELLED
    assert order.history[-1].actor_id is None  # the system, not a person
    assert {p.status for p in order.parts} == {PartStatus.CANCELLED}
    assert (paying.pickle.stock, paying.pickle.units_sold) == (5, 0)
    assert handle_stripe_event(event(kind, paying.session, "evt_f")) == "duplicate"
    assert handle_stripe_event(event(kind, paying.session, "evt_g")) == "already_failed"
    db.session.expire_all()
    assert (paying.pickle.stock, paying.pickle.units_sold) == (5, 0)


def test_an_expired_page_does_not_cancel_while_a_newer_page_is_open(paying):
    first = payment_of(paying.order)
    first.created_at = utcnow() - timedelta(minutes=25)  # too old to be reused
    db.session.flush()
    second = pay_page(paying, paying.order)
    assert second["id"] != paying.session["id"]
    assert handle_stripe_event(event("checkout.session.expired", paying.session,
                                     "evt_e")) == "failed"
    assert fresh(paying.order).status is S.PLACED
    assert handle_stripe_event(paid_event(second, "evt_p")) == "paid"
    assert fresh(paying.order).paid_at is not None


def test_a_failed_payment_does_not_cancel_an_order_switched_to_cash(paying):
    services.switch_to_cash(paying.order, actor=paying.buyer)
    assert handle_stripe_event(event("checkout.session.expired", paying.session,
                                     "evt_e")) == "failed"
    order = fresh(paying.order)
    assert order.status is S.PLACED and order.payment_method is PaymentMethod.CASH


# Paid after cancellation, and refunds.

def late_paid_event(session: dict, event_id: str = "evt_late_paid") -> dict:
    return event("checkout.session.async_payment_succeeded", session, event_id,
                 payment_status="paid", payment_intent="pi_test_1")


def test_money_that_comes_after_cancellation_is_refunded_automatically_once(paying):
    assert handle_stripe_event(event("checkout.session.expired", paying.session,
                                     "evt_exp")) == "failed"
    # The buyer's bank was slow: the money comes after all, and goes straight back.
    assert handle_stripe_event(late_paid_event(paying.session)) == "refunded_not_payable"
    assert handle_stripe_event(late_paid_event(paying.session)) == "duplicate"
    assert handle_stripe_event(paid_event(paying.session, "evt_completed")) == "already_paid"
    order = fresh(paying.order)
    payment = payment_of(order)
    assert order.status is S.CANCELLED and paying.pickle.stock == 5
    assert (payment.status, payment.refunded_paise, payment.refund_ref) == (
        PaymentStatus.REFUNDED, order.total_paise, "re_test_1")
    assert [(r["amount"], r["payment_intent"], r["idempotency"]) for r in paying.fake.refunds
            ] == [(order.total_paise, "pi_test_1", f"swarozgar-refund-{payment.id}")]
    assert services.refund_order(order, actor_id=paying.staff.id) is None
    assert len(paying.fake.refunds) == 1
    assert [m.kind for m in messages_to(paying.buyer.phone)][-1] == "payment_refunded"
    assert [m.kind for m in messages_to(paying.staff.phone)] == ["staff_payment_refunded"]
    assert db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action == "payment.refunded_automatically")).all()


def test_cancelling_an_order_paid_online_tells_the_buyer_their_money_goes_back(paying):
    handle_stripe_event(paid_event(paying.session))
    order = fresh(paying.order)
    assert order.language == "hi"
    services.cancel_order(order, actor=paying.staff, reason="Out of stock")
    told = messages_to(paying.buyer.phone)[-1]
    assert (told.kind, told.language) == ("order_cancelled", "hi")
    assert "Out of stock" in told.body
    assert "आपने जो पैसा ऑनलाइन दिया था, वह आपको वापस किया जाएगा" in told.body


def test_the_refund_job_refunds_cancelled_paid_orders(app, paying):
    handle_stripe_event(paid_event(paying.session))
    services.cancel_order(fresh(paying.order), actor=paying.staff, reason="Out of stock")
    result = app.test_cli_runner().invoke(args=["refund-cancelled-orders"])
    assert result.exit_code == 0, result.output
    assert "refunded 1 order(s)" in result.output
    assert payment_of(paying.order).status is PaymentStatus.REFUNDED
    assert [r["amount"] for r in paying.fake.refunds] == [paying.order.total_paise]


def test_when_the_automatic_refund_fails_stripe_delivers_again_and_it_refunds_once(
        client, paying):
    services.cancel_order(fresh(paying.order), actor=paying.buyer)
    paying.fake.fail_with = 500
    body, header = signed_event("checkout.session.async_payment_succeeded", paying.session,
                                event_id="evt_late", payment_status="paid",
                                payment_intent="pi_test_1")
    assert deliver(client, body, header).status_code == 503
    payment = payment_of(paying.order)
    assert (payment.status, payment.refund_ref) == (PaymentStatus.PENDING, None)
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == 0

    paying.fake.fail_with = None  # Stripe's next delivery gets through
    assert deliver(client, body, header).json == {"outcome": "refunded_not_payable"}
    assert deliver(client, body, header).json == {"outcome": "duplicate"}
    assert payment_of(paying.order).status is PaymentStatus.REFUNDED
    assert len(paying.fake.refunds) == 1


def test_a_paid_order_that_is_not_cancelled_is_not_refunded(paying):
    handle_stripe_event(paid_event(paying.session))
    assert services.refund_order(fresh(paying.order), actor_id=None) is None
    assert paying.fake.refunds == []


# The clock runs out.

def test_only_online_orders_unpaid_past_the_window_expire(shop, fake_stripe):
    shop.fake = fake_stripe
    old = utcnow() - services.PAYMENT_WINDOW - timedelta(minutes=1)
    stale = online_order(shop, 1)
    fresh_online = online_order(shop, 1)
    cash = place_order(shop.buyer, {shop.pickle: 1}, slot=shop.slot)
    paid = online_order(shop, 1)
    handle_stripe_event(paid_event(pay_page(shop, paid)))
    for order in (stale, cash, paid):
        order.created_at = old
    db.session.flush()
    assert shop.pickle.stock == 1

    assert services.expire_unpaid_orders(utcnow()) == 1
    statuses = {o.id: fresh(o).status for o in (stale, fresh_online, cash, paid)}
    assert statuses == {stale.id: S.CANCELLED, fresh_online.id: S.PLACED,
                        cash.id: S.PLACED, paid.id: S.PLACED}
    assert shop.pickle.stock == 2
    assert services.expire_unpaid_orders(utcnow()) == 0
    db.session.expire_all()
    assert shop.pickle.stock == 2
    assert db.session.scalar(sa.select(SlotLoad.booked).where(
        SlotLoad.slot_id == shop.slot.id, SlotLoad.delivery_date == tomorrow())) == 3
