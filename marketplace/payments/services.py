"""Recording payments, for whatever was bought: the callers decide who may pay what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

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


SettlementListener = Callable[[Payment, str], None]
_listeners: list[SettlementListener] = []


def on_settlement(listener: SettlementListener) -> None:
    """Let a higher layer (orders) react inside the webhook's transaction when a payment
    becomes 'paid' or 'failed'. Registered once per process at app start-up."""
    if listener not in _listeners:
        _listeners.append(listener)


def _settled(payment: Payment, outcome: str) -> None:
    for listener in _listeners:
        listener(payment, outcome)


def record_cash_payment(*, amount_paise: int, confirmed_by_id: int,
                        booking_id: int | None = None, order_id: int | None = None) -> Payment:
    """Cash in hand, confirmed by the person who received it (flushes).

    Conflict('already_paid') when it is already paid: a partial unique index decides, so two
    clicks at once record it once.
    """
    payment = Payment(booking_id=booking_id, order_id=order_id, method=PaymentMethod.CASH,
                      amount_paise=amount_paise, status=PaymentStatus.PAID,
                      confirmed_by_id=confirmed_by_id, paid_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except sa.exc.IntegrityError as exc:
        raise Conflict("already_paid") from exc
    return payment


def start_online_payment(*, amount_paise: int, description: str, success_url: str,
                         cancel_url: str, booking_id: int | None = None,
                         order_id: int | None = None,
                         expires_at: datetime | None = None) -> tuple[Payment, str]:
    """Open a Stripe Checkout Session for the amount and record a pending payment.

    Returns (payment, the URL to send the payer to). Raises GatewayError.
    """
    payment = Payment(booking_id=booking_id, order_id=order_id, method=PaymentMethod.ONLINE,
                      amount_paise=amount_paise, status=PaymentStatus.PENDING,
                      provider="stripe")
    db.session.add(payment)
    db.session.flush()
    session = stripe_gateway.create_checkout_session(
        amount_paise=amount_paise, description=description, reference=f"payment-{payment.id}",
        success_url=success_url, cancel_url=cancel_url, expires_at=expires_at,
        idempotency_key=f"swarozgar-payment-{payment.id}")
    payment.provider_ref, payment.checkout_url = session.id, session.url
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
        # Never paid on our terms: record it for staff rather than accept it.
        payment.status = PaymentStatus.FAILED
        record_event("payment.amount_mismatch", actor_id=None, subject_type="payment",
                     subject_id=payment.id, data={"amount_total": session.get("amount_total"),
                                                  "currency": session.get("currency")})
        _settled(payment, "failed")
        return "amount_mismatch"
    try:
        with db.session.begin_nested():
            payment.status, payment.paid_at = PaymentStatus.PAID, utcnow()
            payment.provider_payment_ref = session.get("payment_intent")
    except sa.exc.IntegrityError:
        # Paid another way meanwhile (cash, or a second page): staff must refund this one.
        payment.status, payment.paid_at = PaymentStatus.FAILED, None
        payment.provider_payment_ref = session.get("payment_intent")
        record_event("payment.paid_twice", actor_id=None, subject_type="payment",
                     subject_id=payment.id, data={"booking_id": payment.booking_id,
                                                  "order_id": payment.order_id})
        return "paid_elsewhere"
    _settled(payment, "paid")
    return "paid"


def _completed(payment: Payment, session: dict) -> str:
    # Delayed methods complete the session unpaid; wait for the async result.
    if session.get("payment_status") != "paid":
        return "awaiting_payment"
    return _paid(payment, session)


def _failed(payment: Payment, session: dict) -> str:
    if payment.status is PaymentStatus.PAID:
        return "already_paid"
    if payment.status is PaymentStatus.FAILED:
        return "already_failed"
    payment.status = PaymentStatus.FAILED
    _settled(payment, "failed")
    return "failed"


def refund_payment(payment: Payment, *, actor_id: int | None) -> Payment:
    """Give back a paid online payment in full through Stripe (flushes; idempotent at
    Stripe by the payment id, so a retry after a lost answer refunds once).
    Raises Conflict('not_refundable') and GatewayError."""
    if payment.method is not PaymentMethod.ONLINE or payment.status is not PaymentStatus.PAID \
            or not payment.provider_payment_ref:
        raise Conflict("not_refundable")
    payment.refund_ref = stripe_gateway.refund(
        payment_intent=payment.provider_payment_ref, amount_paise=payment.amount_paise,
        idempotency_key=f"swarozgar-refund-{payment.id}")
    payment.status, payment.refunded_at = PaymentStatus.REFUNDED, utcnow()
    record_event("payment.refunded", actor_id=actor_id, subject_type="payment",
                 subject_id=payment.id, data={"order_id": payment.order_id,
                                              "booking_id": payment.booking_id,
                                              "amount_paise": payment.amount_paise})
    db.session.flush()
    return payment


_HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": _failed,
    "checkout.session.expired": _failed,
}
