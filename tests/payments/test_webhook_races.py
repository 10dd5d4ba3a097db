"""The same Stripe event delivered several times at once is applied once (PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import handle_stripe_event
from tests.helpers import make_completed_booking, make_sub_division, run_together


def test_five_simultaneous_deliveries_of_one_event_apply_it_once(committed_app):
    with committed_app.app_context():
        booking = make_completed_booking(make_sub_division(), rate_paise=30000)
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
