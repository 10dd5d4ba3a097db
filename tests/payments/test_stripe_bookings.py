"""Paying a completed booking online: amounts from the server, webhooks verified and idempotent."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Slot
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentStatus, ProcessedWebhookEvent
from tests.helpers import early_today, first_village, make_user, make_worker, sign_in, submit
from tests.payments.fake_stripe import signed_event


@pytest.fixture
def completed(nadaun):
    worker = make_worker(nadaun, rate_paise=45050)
    resident = make_user()
    booking = bookings.request_booking(worker, bookings.BookingRequest(
        work_date=early_today(), slot=Slot.MORNING,
        village_id=first_village(nadaun).id, address="House 1", description="Tap"),
        actor=resident, today=today_in_india())
    bookings.answer_booking(booking, accept=True, actor=worker.user)
    bookings.complete_work(booking, actor=worker.user)  # the quote: ₹450.50 × 1 day
    return booking, resident


def pay(client, booking, **data):
    page = f"/bookings/{booking.id}"
    return submit(client, f"{page}/pay-online", data, page=page)


def deliver(client, body: bytes, header: str):
    return client.post("/payments/stripe/webhook", data=body,
                       headers={"Stripe-Signature": header}, content_type="application/json")


def test_the_resident_is_sent_to_stripe_for_the_servers_amount(client, fake_stripe, completed):
    booking, resident = completed
    sign_in(client, resident)
    response = pay(client, booking, amount="1")  # a tampered amount is simply ignored
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://checkout.stripe.test/pay/")
    sent = fake_stripe.requests[-1]
    assert sent["form"]["line_items[0][price_data][unit_amount]"] == ["45050"]
    assert sent["form"]["line_items[0][price_data][currency]"] == ["inr"]
    assert sent["idempotency"] == f"swarozgar-booking-{booking.id}-v1-0"
    payment = db.session.scalars(sa.select(Payment)).one()
    assert (payment.status, payment.amount_paise) == (PaymentStatus.PENDING, 45050)


def test_a_verified_completed_event_marks_it_paid_once(client, fake_stripe, completed):
    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = next(iter(fake_stripe.sessions.values()))
    body, header = signed_event("checkout.session.completed", session, event_id="evt_1",
                                payment_status="paid")
    assert deliver(client, body, header).json == {"outcome": "paid"}
    assert deliver(client, body, header).json == {"outcome": "duplicate"}
    payment = db.session.scalars(sa.select(Payment)).one()
    assert payment.status is PaymentStatus.PAID
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == 1
    assert "online" in client.get(f"/bookings/{booking.id}").get_data(as_text=True)


@pytest.mark.parametrize("header", ["", "t=1,v1=deadbeef", None])
def test_a_forged_or_wrongly_signed_webhook_changes_nothing(client, fake_stripe, completed,
                                                            header):
    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = next(iter(fake_stripe.sessions.values()))
    body, good = signed_event("checkout.session.completed", session, event_id="evt_x",
                              payment_status="paid", secret="whsec_someone_else")
    response = deliver(client, body, good if header is None else header)
    assert response.status_code == 400
    assert db.session.scalars(sa.select(Payment)).one().status is PaymentStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == 0


def test_an_unpaid_completion_waits_for_the_async_result_and_order_does_not_matter(
        client, fake_stripe, completed):
    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = next(iter(fake_stripe.sessions.values()))
    outcomes = [deliver(client, *signed_event(kind, session, event_id=event_id,
                                              **changes)).json["outcome"]
                for kind, event_id, changes in [
                    ("checkout.session.completed", "evt_a", {"payment_status": "unpaid"}),
                    ("checkout.session.async_payment_succeeded", "evt_b",
                     {"payment_status": "paid"}),
                    ("checkout.session.async_payment_failed", "evt_c", {}),  # late, stale
                ]]
    assert outcomes == ["awaiting_payment", "paid", "already_paid"]
    assert db.session.scalars(sa.select(Payment)).one().status is PaymentStatus.PAID


def test_an_event_with_another_amount_is_not_taken_as_paid(client, fake_stripe, completed):
    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = next(iter(fake_stripe.sessions.values()))
    body, header = signed_event("checkout.session.completed", session, event_id="evt_m",
                                payment_status="paid", amount_total=100)
    assert deliver(client, body, header).json == {"outcome": "amount_mismatch"}
    assert db.session.scalars(sa.select(Payment)).one().status is PaymentStatus.FAILED


def test_when_stripe_refuses_nothing_is_written_and_cash_remains(client, fake_stripe,
                                                                 completed):
    booking, resident = completed
    fake_stripe.fail_with = 400
    sign_in(client, resident)
    response = pay(client, booking)
    assert response.status_code == 503
    assert "pay in cash" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 0


def test_only_the_resident_pays_and_only_when_stripe_is_set_up(app, client, completed):
    booking, resident = completed
    sign_in(client, resident)
    assert pay(client, booking).status_code == 404  # no Stripe keys configured
    assert client.post("/payments/stripe/webhook", data=b"{}").status_code == 404


# Paid once (issue 18, item 1).

def test_pressing_pay_online_again_reuses_the_one_open_page(client, fake_stripe, completed):
    booking, resident = completed
    sign_in(client, resident)
    first, second = pay(client, booking), pay(client, booking)
    assert first.headers["Location"] == second.headers["Location"]
    assert len(fake_stripe.sessions) == 1
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 1


def test_two_pages_asked_at_once_are_one_session_by_the_idempotency_key(fake_stripe,
                                                                        completed):
    """What two tabs racing do on a database without row locks: both ask Stripe with the
    same key (the booking's and its amount version's), so Stripe answers one session."""
    booking, resident = completed
    keys = []
    for _tab in range(2):
        with db.session.begin_nested() as tab:
            bookings.pay_online(booking, actor=resident, base_url="https://swarozgar.test")
            keys.append(fake_stripe.requests[-1]["idempotency"])
            tab.rollback()  # as if the other tab had not committed yet
    assert keys[0] == keys[1] == f"swarozgar-booking-{booking.id}-v1-0"
    assert len(fake_stripe.sessions) == 1


def test_money_that_arrives_for_a_booking_paid_in_cash_is_refunded_once(
        client, fake_stripe, completed, nadaun):
    from marketplace.accounts.models import Role
    from tests.helpers import make_user, messages_to

    booking, resident = completed
    staff = make_user(Role.STAFF, sub_division=nadaun)
    sign_in(client, resident)
    pay(client, booking)
    bookings.confirm_cash_received(booking, actor=booking.worker.user)  # the worker, first
    session = fake_stripe.pay(next(iter(fake_stripe.sessions)), payment_intent="pi_twice")
    body, header = signed_event("checkout.session.completed", session, event_id="evt_1")
    assert deliver(client, body, header).json == {"outcome": "refunded_paid_elsewhere"}
    assert deliver(client, body, header).json == {"outcome": "duplicate"}
    body, header = signed_event("checkout.session.async_payment_succeeded", session,
                                event_id="evt_2")
    assert deliver(client, body, header).json == {"outcome": "already_paid"}
    online = db.session.scalars(sa.select(Payment).where(Payment.provider == "stripe")).one()
    assert (online.status, online.refunded_paise) == (PaymentStatus.REFUNDED, 45050)
    assert [(r["payment_intent"], r["amount"], r["idempotency"]) for r in fake_stripe.refunds
            ] == [("pi_twice", 45050, f"swarozgar-refund-{online.id}")]
    assert messages_to(resident.phone)[-1].kind == "payment_refunded"
    assert [m.kind for m in messages_to(staff.phone)] == ["staff_payment_refunded"]
    # The cash payment stands; the booking is paid once.
    assert db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        Payment.status == PaymentStatus.PAID)) == 1


def test_cash_is_refused_once_the_booking_is_paid_online(client, fake_stripe, completed):
    from marketplace.core.errors import Conflict

    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = fake_stripe.pay(next(iter(fake_stripe.sessions)))
    assert deliver(client, *signed_event("checkout.session.completed", session,
                                         event_id="evt_1")).json == {"outcome": "paid"}
    with pytest.raises(Conflict):
        bookings.confirm_cash_received(booking, actor=booking.worker.user)
    assert fake_stripe.refunds == []


# Signed events dated in the future (issue 11, item 9).

@pytest.mark.parametrize("offset, status", [(3600, 400), (301 + 60, 400), (-3600, 400),
                                            (120, 200), (-120, 200)])
def test_a_signature_dated_beyond_five_minutes_either_way_is_refused(
        client, fake_stripe, completed, offset, status):
    import time

    booking, resident = completed
    sign_in(client, resident)
    pay(client, booking)
    session = next(iter(fake_stripe.sessions.values()))
    body, header = signed_event("checkout.session.completed", session, event_id="evt_t",
                                timestamp=int(time.time()) + offset)
    assert deliver(client, body, header).status_code == status
    assert db.session.scalar(sa.select(sa.func.count(ProcessedWebhookEvent.id))) == (
        1 if status == 200 else 0)


# Stripe slow to answer (issue 11, fault test c).

def test_a_timed_out_session_request_is_retried_with_the_same_key_into_one_session(
        app, client, fake_stripe, completed, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_TIMEOUT_SECONDS", 0.5)
    fake_stripe.delay_first = 1.5  # Stripe makes the session but answers too late
    booking, resident = completed
    sign_in(client, resident)
    response = pay(client, booking)
    assert response.status_code == 303
    posts = [r for r in fake_stripe.requests if r["path"] == "/v1/checkout/sessions"]
    assert len(posts) >= 2  # the library asked again after the timeout...
    assert {r["idempotency"] for r in posts} == {f"swarozgar-booking-{booking.id}-v1-0"}
    assert len(fake_stripe.sessions) == 1  # ...and Stripe made one session
    payment = db.session.scalars(sa.select(Payment)).one()
    assert response.headers["Location"] == payment.checkout_url


def charge_event(kind: str, event_id: str, **thing) -> dict:
    return {"id": event_id, "type": kind,
            "data": {"object": {"id": "ch_b", "payment_intent": "pi_booking", **thing}}}


def test_a_refund_and_a_dispute_made_at_stripe_reach_the_booking_payment(
        client, fake_stripe, completed, nadaun):
    """Issue 19: the same for booking payments as for orders: recorded, resident and staff
    told (once each, however often Stripe repeats itself)."""
    from marketplace.accounts.models import Role
    from marketplace.payments.services import handle_stripe_event
    from tests.helpers import make_user, messages_to

    booking, resident = completed
    staff = make_user(Role.STAFF, sub_division=nadaun)
    sign_in(client, resident)
    pay(client, booking)
    session = fake_stripe.pay(next(iter(fake_stripe.sessions)), payment_intent="pi_booking")
    assert deliver(client, *signed_event("checkout.session.completed", session,
                                         event_id="evt_1")).json == {"outcome": "paid"}
    partly = charge_event("charge.refunded", "evt_r1", object="charge", amount=45050,
                          amount_refunded=5050, refunded=False)
    assert handle_stripe_event(partly) == "refunded_partly"
    assert handle_stripe_event({**partly, "id": "evt_r1_again"}) == "refund_known"
    payment = db.session.scalars(sa.select(Payment)).one()
    assert (payment.status, payment.refunded_paise) == (PaymentStatus.PAID, 5050)
    assert messages_to(resident.phone)[-1].kind == "payment_refunded"
    assert "50.50" in messages_to(resident.phone)[-1].body

    dispute = {"object": "dispute", "id": "dp_b", "charge": "ch_b", "amount": 40000,
               "payment_intent": "pi_booking",
               "reason": "product_not_received"}
    assert handle_stripe_event({"id": "evt_d1", "type": "charge.dispute.created", "data": {
        "object": {**dispute, "status": "needs_response"}}}) == "disputed"
    assert handle_stripe_event({"id": "evt_d2", "type": "charge.dispute.closed", "data": {
        "object": {**dispute, "status": "lost"}}}) == "dispute_lost"
    payment = db.session.scalars(sa.select(Payment)).one()
    assert (payment.dispute_status, payment.disputed_paise, payment.refunded_paise) == (
        "lost", 40000, 40000)
    assert [m.kind for m in messages_to(staff.phone)] == [
        "staff_payment_refunded", "staff_payment_disputed", "staff_payment_dispute_lost"]
