"""The life of a payment: its transition table and the only place that changes its status.

What Stripe tells us decides the moves, and its events can repeat and arrive out of order:
a failed page can still be paid (or its money refunded at once, when nothing takes it), and
a second refused or mismatched event leaves a failed payment failed. Paid only moves to
refunded; refunded is the end. The events of the audit log are the payment services' own,
as each says why the money moved.
"""

from __future__ import annotations

from marketplace.core.workflow import change_status, register
from marketplace.payments.errors import PaymentError
from marketplace.payments.models import Payment, PaymentStatus

S = PaymentStatus
TRANSITIONS: dict[PaymentStatus, set[PaymentStatus]] = {
    S.PENDING: {S.PAID, S.FAILED, S.REFUNDED},
    S.FAILED: {S.PAID, S.FAILED, S.REFUNDED},
    S.PAID: {S.REFUNDED},
    S.REFUNDED: set(),
}
PAYMENTS = register(Payment, TRANSITIONS, code=PaymentError.PAYMENT_TRANSITION,
                    stamps={S.PAID: "paid_at", S.REFUNDED: "refunded_at"})


def transition(payment: Payment, to: PaymentStatus) -> None:
    """Move the payment to `to` and stamp it; Conflict('payment_transition')."""
    change_status(payment, to)
