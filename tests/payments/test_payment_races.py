"""A booking is paid once, whatever happens at the same moment (PostgreSQL, committed data):
two tabs pressing "pay online", two success events of one page, cash against online."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Booking
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import handle_stripe_event
from tests.helpers import as_request, make_completed_booking, make_sub_division, run_together
from tests.payments.fake_stripe import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def stripe_app(committed_app):
    fake = FakeStripe()
    committed_app.config.update(STRIPE_SECRET_KEY="sk_test_123",
                                STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=fake.url)
    yield committed_app, fake
    fake.close()


def completed_booking(app) -> int:
    with app.app_context():
        booking = make_completed_booking(make_sub_division(), rate_paise=30000)
        db.session.commit()
        booking_id = booking.id
        db.session.remove()
    return booking_id


def test_two_tabs_pressing_pay_online_at_once_get_one_session(stripe_app):
    app, fake = stripe_app
    booking_id = completed_booking(app)

    def press(_):
        def work():
            booking = db.session.get(Booking, booking_id)
            return bookings.pay_online(booking, actor=booking.resident,
                                       base_url="https://swarozgar.test")
        return as_request(app, work)

    urls = run_together(2, press)
    assert urls[0] == urls[1]
    assert len(fake.sessions) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 1


def open_page(app, booking_id: int) -> None:
    def work():
        booking = db.session.get(Booking, booking_id)
        bookings.pay_online(booking, actor=booking.resident, base_url="https://swarozgar.test")
    as_request(app, work)


def test_the_completed_and_the_succeeded_event_of_one_page_at_once_pay_it_once(stripe_app):
    app, fake = stripe_app
    booking_id = completed_booking(app)
    open_page(app, booking_id)
    session = fake.pay(next(iter(fake.sessions)))
    events = [{"id": f"evt_{kind}", "type": kind, "data": {"object": session}}
              for kind in ("checkout.session.completed",
                           "checkout.session.async_payment_succeeded")]
    outcomes = run_together(2, lambda i: as_request(app, lambda: handle_stripe_event(events[i])))
    assert sorted(outcomes) == ["already_paid", "paid"]
    assert fake.refunds == []
    with app.app_context():
        assert db.session.scalars(sa.select(Payment.status)).all() == [PaymentStatus.PAID]


def test_cash_against_online_at_once_one_payment_wins_the_other_is_refused_or_refunded(
        stripe_app):
    app, fake = stripe_app
    booking_id = completed_booking(app)
    open_page(app, booking_id)
    session = fake.pay(next(iter(fake.sessions)))
    event = {"id": "evt_paid", "type": "checkout.session.completed",
             "data": {"object": session}}

    def act(index: int):
        if index == 0:
            return as_request(app, lambda: handle_stripe_event(event))

        def cash():
            booking = db.session.get(Booking, booking_id)
            bookings.confirm_cash_received(booking, actor=booking.worker.user)
            return "cash"
        return as_request(app, cash)

    online, cash = run_together(2, act)
    with app.app_context():
        paid = db.session.scalars(sa.select(Payment).where(
            Payment.status == PaymentStatus.PAID)).all()
        assert len(paid) == 1
        if cash == "cash":  # the worker won: the online money went back, once
            assert online == "refunded_paid_elsewhere"
            assert paid[0].method is PaymentMethod.CASH and len(fake.refunds) == 1
        else:  # the money won: the worker's cash was refused
            assert (online, cash) == ("paid", "already_paid")
            assert paid[0].method is PaymentMethod.ONLINE and fake.refunds == []
