"""Recording payments, for whatever was bought: the callers decide who may pay what."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus


def get_paid_payment_for_booking(booking_id: int) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(
        Payment.booking_id == booking_id, Payment.status == PaymentStatus.PAID))


def record_cash_payment(*, booking_id: int, amount_paise: int, confirmed_by_id: int) -> Payment:
    """Cash in hand, confirmed by the person who received it (flushes).

    Conflict('already_paid') when it is already paid: a partial unique index decides, so two
    clicks at once record it once.
    """
    payment = Payment(booking_id=booking_id, method=PaymentMethod.CASH,
                      amount_paise=amount_paise, status=PaymentStatus.PAID,
                      confirmed_by_id=confirmed_by_id, paid_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except sa.exc.IntegrityError as exc:
        raise Conflict("already_paid") from exc
    return payment
