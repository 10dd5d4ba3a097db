"""The same Stripe event delivered several times at once is applied once (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.bookings import services as bookings
from marketplace.bookings.models import Slot
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import handle_stripe_event
from tests.helpers import first_village, make_sub_division, make_user, make_worker, run_together


def test_five_simultaneous_deliveries_of_one_event_apply_it_once(committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        worker, resident = make_worker(nadaun, rate_paise=30000), make_user()
        booking = bookings.request_booking(worker, bookings.BookingRequest(
            work_date=today_in_india() + timedelta(days=1), slot=Slot.MORNING,
            village_id=first_village(nadaun).id, address="House 1", description="Tap"),
            actor=resident, today=today_in_india())
        bookings.answer_booking(booking, accept=True, actor=worker.user)
        bookings.complete_work(booking, actor=worker.user)
        db.session.add(Payment(booking_id=booking.id, method=PaymentMethod.ONLINE,
                               amount_paise=30000, provider="stripe", provider_ref="cs_race"))
        db.session.commit()
        db.session.remove()
    event = {"id": "evt_race", "type": "checkout.session.completed",
             "data": {"object": {"id": "cs_race", "amount_total": 30000, "currency": "inr",
                                 "payment_status": "paid"}}}

    def deliver(_):
        with committed_app.app_context():
            try:
                outcome = handle_stripe_event(event)
                db.session.commit()
                return outcome
            except sa.exc.DBAPIError:
                db.session.rollback()
                return "retry"  # Stripe would deliver again; nothing was half-applied
            finally:
                db.session.remove()

    outcomes = run_together(5, deliver)
    assert outcomes.count("paid") == 1
    assert set(outcomes) <= {"paid", "duplicate", "retry"}
    with committed_app.app_context():
        payment = db.session.scalars(sa.select(Payment)).one()
        assert payment.status is PaymentStatus.PAID
