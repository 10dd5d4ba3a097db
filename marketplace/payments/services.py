"""Recording payments, for whatever was bought: the callers decide who may pay what."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.payments import stripe_gateway
from marketplace.payments.models import (
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProcessedWebhookEvent,
)


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


def start_online_payment(*, booking_id: int, amount_paise: int, description: str,
                         success_url: str, cancel_url: str) -> tuple[Payment, str]:
    """Open a Stripe Checkout Session for the amount and record a pending payment.

    Returns (payment, the URL to send the payer to). Raises GatewayError.
    """
    payment = Payment(booking_id=booking_id, method=PaymentMethod.ONLINE,
                      amount_paise=amount_paise, status=PaymentStatus.PENDING,
                      provider="stripe")
    db.session.add(payment)
    db.session.flush()
    session = stripe_gateway.create_checkout_session(
        amount_paise=amount_paise, description=description, reference=f"payment-{payment.id}",
        success_url=success_url, cancel_url=cancel_url,
        idempotency_key=f"swarozgar-payment-{payment.id}")
    payment.provider_ref = session.id
    db.session.flush()
    return payment, session.url


def handle_stripe_event(event: dict) -> str:
    """Apply a verified Stripe event once. Returns what happened, for the log and tests.

    Events can repeat and arrive out of order: the event id is recorded in this transaction
    (a duplicate is 'duplicate'), and a paid payment is never moved back to failed.
    """
    try:
        with db.session.begin_nested():
            db.session.add(ProcessedWebhookEvent(provider="stripe", event_id=event["id"],
                                                 event_type=event.get("type", "")))
    except sa.exc.IntegrityError:
        return "duplicate"
    handler = _HANDLERS.get(event.get("type", ""))
    if handler is None:
        return "ignored"
    session = (event.get("data") or {}).get("object") or {}
    payment = db.session.scalar(sa.select(Payment).where(
        Payment.provider == "stripe", Payment.provider_ref == session.get("id")))
    if payment is None:
        return "unknown_session"
    return handler(payment, session)


def _matches(payment: Payment, session: dict) -> bool:
    return (session.get("amount_total") == payment.amount_paise
            and (session.get("currency") or "").lower() == payment.currency.lower())


def _paid(payment: Payment, session: dict) -> str:
    if payment.status is PaymentStatus.PAID:
        return "already_paid"
    if not _matches(payment, session):
        payment.status = PaymentStatus.FAILED
        return "amount_mismatch"
    try:
        with db.session.begin_nested():
            payment.status, payment.paid_at = PaymentStatus.PAID, utcnow()
    except sa.exc.IntegrityError:
        # Paid another way meanwhile (cash): staff must refund this one.
        payment.status, payment.paid_at = PaymentStatus.FAILED, None
        record_event("payment.paid_twice", actor_id=None, subject_type="payment",
                     subject_id=payment.id, data={"booking_id": payment.booking_id})
        return "paid_elsewhere"
    return "paid"


def _completed(payment: Payment, session: dict) -> str:
    # Delayed methods complete the session unpaid; wait for the async result.
    if session.get("payment_status") != "paid":
        return "awaiting_payment"
    return _paid(payment, session)


def _failed(payment: Payment, session: dict) -> str:
    if payment.status is PaymentStatus.PAID:
        return "already_paid"
    payment.status = PaymentStatus.FAILED
    return "failed"


_HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": _failed,
    "checkout.session.expired": _failed,
}
