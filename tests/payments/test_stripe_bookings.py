"""Paying a completed booking online: amounts from the server, webhooks verified and idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Slot
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentStatus, ProcessedWebhookEvent
from tests.helpers import first_village, make_user, make_worker, sign_in, submit
from tests.payments.fake_stripe import signed_event


@pytest.fixture
def completed(nadaun):
    worker = make_worker(nadaun)
    resident = make_user()
    booking = bookings.request_booking(worker, bookings.BookingRequest(
        work_date=today_in_india() + timedelta(days=1), slot=Slot.MORNING,
        village_id=first_village(nadaun).id, address="House 1", description="Tap"),
        actor=resident, today=today_in_india())
    bookings.answer_booking(booking, accept=True, actor=worker.user)
    bookings.complete_work(booking, actor=worker.user, amount_paise=45050)
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
    assert sent["idempotency"].startswith("swarozgar-payment-")
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
