"""Recording payments, for whatever was bought: the callers decide who may pay what.

Payments sits below what is paid for (tests/test_architecture.py: layer 2, under bookings and
orders) and never imports them. Two hooks (core.hooks) let those higher layers answer inside the
webhook's transaction, both connected in create_app's register_listeners
(marketplace/__init__.py) and nowhere else:
- `on_acceptance`: bookings.services.booking_takes_money and orders.services.order_takes_money
  say whether the booking or order still takes money (else it is refunded);
- `on_settlement`: bookings.services.on_payment_settled and orders.services.on_payment_settled
  hear that a payment was paid, failed, refunded or disputed.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.core.hooks import Hook
from marketplace.core.locks import inserted
from marketplace.extensions import db
from marketplace.payments import stripe_gateway
from marketplace.payments.errors import PaymentError
from marketplace.payments.models import (
    Payment,
    PaymentMethod,
    PaymentStatus,
    ProcessedWebhookEvent,
)
from marketplace.payments.workflow import PAYMENTS, transition


def get_paid_payment_for_booking(booking_id: int) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(
        Payment.booking_id == booking_id, Payment.status == PaymentStatus.PAID))


#: a higher layer (orders, bookings, reports) reacts inside the webhook's transaction when a
#: payment becomes 'paid' or 'failed', or is refunded or disputed: (payment, outcome)
on_settlement: Hook[[Payment, str], None] = Hook("payments.on_settlement")


def record_cash_payment(*, amount_paise: int, confirmed_by_id: int,
                        booking_id: int | None = None, order_id: int | None = None) -> Payment:
    """Cash in hand, confirmed by the person who received it (flushes).

    Conflict('already_paid') when it is already paid: a partial unique index decides, so two
    clicks at once record it once.
    """
    payment = Payment(booking_id=booking_id, order_id=order_id, method=PaymentMethod.CASH,
                      amount_paise=amount_paise, status=PaymentStatus.PAID,
                      confirmed_by_id=confirmed_by_id, paid_at=utcnow())
    if not inserted(payment):
        raise Conflict(PaymentError.ALREADY_PAID)
    return payment


#: a payment page is reused while it has this long left (Stripe closes it at SESSION_LIFETIME)
SESSION_LIFETIME = timedelta(minutes=31)
REUSE_WINDOW = timedelta(minutes=25)


def _subject(booking_id: int | None, order_id: int | None):
    return (Payment.booking_id == booking_id) if booking_id is not None \
        else (Payment.order_id == order_id)


def open_online_payment(*, booking_id: int | None = None,
                        order_id: int | None = None) -> Payment | None:
    """The pending online payment of a booking or order whose Stripe page is still open."""
    return db.session.scalar(sa.select(Payment).where(
        _subject(booking_id, order_id), Payment.method == PaymentMethod.ONLINE,
        Payment.status == PaymentStatus.PENDING, Payment.checkout_url.is_not(None),
        Payment.created_at > utcnow() - REUSE_WINDOW).order_by(Payment.id.desc()).limit(1))


def start_online_payment(*, amount_paise: int, description: str, success_url: str,
                         cancel_url: str, booking_id: int | None = None,
                         order_id: int | None = None,
                         amount_version: int = 1) -> tuple[Payment, str]:
    """The one open Stripe Checkout Session of a booking or order, for the amount.

    At most one page is open per subject: a page opened in the last minutes for the same
    amount is reused. Otherwise a new one is asked for with an idempotency key made of the
    subject, its amount version and the attempt number, so two tabs pressing "pay" at once
    (or a retry after a lost answer) get the same session from Stripe, and the unique
    provider_ref keeps one payment row for it. The caller locks the subject's row first.

    Returns (payment, the URL to send the payer to). Raises GatewayError.
    """
    current = open_online_payment(booking_id=booking_id, order_id=order_id)
    if current is not None and current.amount_paise == amount_paise:
        return current, current.checkout_url
    attempt = db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        _subject(booking_id, order_id), Payment.method == PaymentMethod.ONLINE))
    subject = f"booking-{booking_id}" if booking_id is not None else f"order-{order_id}"
    # Stripe refuses a reused key with other parameters: the expiry is rounded to the minute
    # so that the same attempt a few seconds later asks for exactly the same page.
    expires_at = utcnow().replace(second=0, microsecond=0) + SESSION_LIFETIME
    session = stripe_gateway.create_checkout_session(
        amount_paise=amount_paise, description=description, reference=subject,
        success_url=success_url, cancel_url=cancel_url, expires_at=expires_at,
        idempotency_key=f"swarozgar-{subject}-v{amount_version}-{attempt}")
    payment = Payment(booking_id=booking_id, order_id=order_id, method=PaymentMethod.ONLINE,
                      amount_paise=amount_paise, status=PaymentStatus.PENDING,
                      provider="stripe", provider_ref=session.id, checkout_url=session.url)
    if not inserted(payment):
        # The other tab recorded this very session first.
        payment = db.session.scalar(sa.select(Payment).where(
            Payment.provider == "stripe", Payment.provider_ref == session.id))
    return payment, session.url


def handle_stripe_event(event: dict) -> str:
    """Apply a verified Stripe event once. Returns what happened, for the log and tests.

    Events can repeat and arrive out of order: the event id is recorded in this transaction
    (a duplicate is 'duplicate'); a paid payment is never moved back to failed, and a
    failure is checked with Stripe before it counts, so the end state follows what Stripe
    holds, whatever the order of arrival. Money that arrives for something already paid,
    or no longer payable, is refunded (once: the refund's idempotency key is the payment's).
    Raises GatewayError when Stripe cannot be asked or refund: the caller rolls back and
    answers 5xx, and Stripe delivers the event again.
    """
    if not inserted(ProcessedWebhookEvent(provider="stripe", event_id=event["id"],
                                          event_type=event.get("type", ""))):
        return "duplicate"
    found = _HANDLERS.get(event.get("type", ""))
    if found is None:
        return "ignored"
    find, handler = found
    thing = (event.get("data") or {}).get("object") or {}
    payment = find(thing)
    if payment is None:
        return "unknown_payment"
    return handler(payment, thing)


def _by_session(session: dict) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(
        Payment.provider == "stripe", Payment.provider_ref == session.get("id")))


def _by_payment_intent(thing: dict) -> Payment | None:
    intent = thing.get("payment_intent")
    if not intent:
        return None
    return db.session.scalar(sa.select(Payment).where(
        Payment.provider == "stripe", Payment.provider_payment_ref == intent)
        .order_by(Payment.id).limit(1))


def _matches(payment: Payment, session: dict) -> bool:
    return (session.get("amount_total") == payment.amount_paise
            and (session.get("currency") or "").lower() == payment.currency.lower())


#: a higher layer says whether the thing a payment is for still takes money (an order
#: cancelled meanwhile does not); money it refuses is refunded
on_acceptance: Hook[[Payment], bool] = Hook("payments.on_acceptance")


#: a payment not yet paid (nor refunded) still takes money: pending or failed
_TAKES_MONEY = PAYMENTS.sources(PaymentStatus.PAID)


def _paid(payment: Payment, session: dict) -> str:
    if payment.status not in _TAKES_MONEY:
        return "already_paid"
    if not _matches(payment, session):
        # Never paid on our terms: record it for staff rather than accept it.
        transition(payment, PaymentStatus.FAILED)
        record_event("payment.amount_mismatch", actor_id=None, subject_type="payment",
                     subject_id=payment.id, data={"amount_total": session.get("amount_total"),
                                                  "currency": session.get("currency")})
        on_settlement.notify(payment, "failed")
        return "amount_mismatch"
    intent = session.get("payment_intent") or payment.provider_payment_ref
    if not all(on_acceptance.answers(payment)):
        return _give_back(payment, intent, "not_payable")
    try:
        with db.session.begin_nested():
            # Conditional: of two events for this payment at once, one moves it.
            moved = db.session.execute(
                sa.update(Payment).where(Payment.id == payment.id,
                                         Payment.status.in_(_TAKES_MONEY))
                .values(status=PaymentStatus.PAID, provider_payment_ref=intent,
                        **PAYMENTS.stamp(PaymentStatus.PAID))
                .execution_options(synchronize_session=False)).rowcount
    except sa.exc.IntegrityError:
        # Paid another way meanwhile (cash, or another page): this money goes back.
        return _give_back(payment, intent, "paid_elsewhere")
    db.session.refresh(payment)
    if moved != 1:
        return "already_paid"
    on_settlement.notify(payment, "paid")
    return "paid"


def _give_back(payment: Payment, intent: str | None, why: str) -> str:
    """Money came for something already paid or no longer payable: refund it in full."""
    payment.provider_payment_ref, payment.paid_at = intent, utcnow()
    if not intent:
        transition(payment, PaymentStatus.FAILED)
        record_event("payment.refund_needed", actor_id=None, subject_type="payment",
                     subject_id=payment.id, data={"why": why})
        return f"refund_needed_{why}"
    payment.refund_ref = stripe_gateway.refund(
        payment_intent=intent, amount_paise=payment.amount_paise,
        idempotency_key=f"swarozgar-refund-{payment.id}")
    transition(payment, PaymentStatus.REFUNDED)
    payment.refunded_paise = payment.amount_paise
    record_event("payment.refunded_automatically", actor_id=None, subject_type="payment",
                 subject_id=payment.id, data={"why": why, "order_id": payment.order_id,
                                              "booking_id": payment.booking_id,
                                              "amount_paise": payment.amount_paise})
    db.session.flush()
    on_settlement.notify(payment, "refunded")
    return f"refunded_{why}"


def _completed(payment: Payment, session: dict) -> str:
    # Delayed methods complete the session unpaid; wait for the async result.
    if session.get("payment_status") != "paid":
        return "awaiting_payment"
    return _paid(payment, session)


def _failed(payment: Payment, session: dict) -> str:
    if payment.status not in _TAKES_MONEY:
        return "already_paid"
    if payment.status is PaymentStatus.FAILED:
        return "already_failed"
    # A failure or expiry can arrive after (or instead of) the success of the same page:
    # Stripe's own record of the session decides.
    current = stripe_gateway.get_checkout_session(payment.provider_ref)
    if current.get("payment_status") == "paid":
        return _paid(payment, current)
    transition(payment, PaymentStatus.FAILED)
    on_settlement.notify(payment, "failed")
    return "failed"


def _charge_refunded(payment: Payment, charge: dict) -> str:
    """A refund made at Stripe (the dashboard, or ours coming back): full or partial."""
    refunded = min(int(charge.get("amount_refunded") or 0), payment.amount_paise)
    if refunded <= payment.refunded_paise:
        return "refund_known"
    payment.refunded_paise, payment.refunded_at = refunded, utcnow()
    full = refunded >= payment.amount_paise
    if full:
        transition(payment, PaymentStatus.REFUNDED)
    record_event("payment.refunded_at_stripe", actor_id=None, subject_type="payment",
                 subject_id=payment.id, data={"refunded_paise": refunded,
                                              "order_id": payment.order_id,
                                              "booking_id": payment.booking_id})
    db.session.flush()
    on_settlement.notify(payment, "refunded" if full else "refunded_partly")
    return "refunded" if full else "refunded_partly"


def _dispute_created(payment: Payment, dispute: dict) -> str:
    if payment.dispute_status is not None:
        return "dispute_known"
    payment.dispute_status = str(dispute.get("status") or "needs_response")[:30]
    payment.disputed_paise = min(int(dispute.get("amount") or payment.amount_paise),
                                 payment.amount_paise)
    record_event("payment.disputed", actor_id=None, subject_type="payment",
                 subject_id=payment.id, data={"reason": dispute.get("reason"),
                                              "amount_paise": payment.disputed_paise})
    db.session.flush()
    on_settlement.notify(payment, "disputed")
    return "disputed"


def _dispute_closed(payment: Payment, dispute: dict) -> str:
    status = str(dispute.get("status") or "")[:30]
    if payment.dispute_status in ("won", "lost"):
        return "dispute_known"
    payment.dispute_status = status
    payment.disputed_paise = payment.disputed_paise or min(
        int(dispute.get("amount") or payment.amount_paise), payment.amount_paise)
    if status == "lost" and payment.disputed_paise > payment.refunded_paise:
        # The bank took the money back: the books count it as refunded.
        payment.refunded_paise, payment.refunded_at = payment.disputed_paise, utcnow()
    record_event("payment.dispute_closed", actor_id=None, subject_type="payment",
                 subject_id=payment.id, data={"status": status})
    db.session.flush()
    on_settlement.notify(payment, "dispute_lost" if status == "lost" else "dispute_won")
    return f"dispute_{status or 'closed'}"


def refund_payment(payment: Payment, *, actor_id: int | None) -> Payment:
    """Give back a paid online payment in full through Stripe (flushes; idempotent at
    Stripe by the payment id, so a retry after a lost answer refunds once).
    Raises Conflict('not_refundable') and GatewayError."""
    if payment.method is not PaymentMethod.ONLINE or payment.status is not PaymentStatus.PAID \
            or not payment.provider_payment_ref:
        raise Conflict(PaymentError.NOT_REFUNDABLE)
    payment.refund_ref = stripe_gateway.refund(
        payment_intent=payment.provider_payment_ref, amount_paise=payment.amount_paise,
        idempotency_key=f"swarozgar-refund-{payment.id}")
    transition(payment, PaymentStatus.REFUNDED)
    payment.refunded_paise = payment.amount_paise
    record_event("payment.refunded", actor_id=actor_id, subject_type="payment",
                 subject_id=payment.id, data={"order_id": payment.order_id,
                                              "booking_id": payment.booking_id,
                                              "amount_paise": payment.amount_paise})
    db.session.flush()
    return payment


_HANDLERS = {
    "checkout.session.completed": (_by_session, _completed),
    "checkout.session.async_payment_succeeded": (_by_session, _paid),
    "checkout.session.async_payment_failed": (_by_session, _failed),
    "checkout.session.expired": (_by_session, _failed),
    "charge.refunded": (_by_payment_intent, _charge_refunded),
    "charge.dispute.created": (_by_payment_intent, _dispute_created),
    "charge.dispute.closed": (_by_payment_intent, _dispute_closed),
}
