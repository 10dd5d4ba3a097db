"""The one module that talks to Stripe (Checkout Sessions and signed webhooks)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import stripe
from flask import current_app


class GatewayError(Exception):
    """Stripe could not be reached or refused the request; nothing was charged."""


class InvalidWebhook(Exception):
    """The body or its signature is not a genuine Stripe event."""


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


def is_enabled() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def _client() -> stripe.StripeClient:
    config = current_app.config
    kwargs = {}
    if config.get("STRIPE_API_BASE"):
        kwargs["base_addresses"] = {"api": config["STRIPE_API_BASE"]}
    # A timed-out request is retried by the library with the same idempotency key, so
    # Stripe makes one session (or refund) however many times it is asked.
    http_client = stripe.RequestsClient(timeout=config.get("STRIPE_TIMEOUT_SECONDS", 20))
    return stripe.StripeClient(config["STRIPE_SECRET_KEY"], max_network_retries=2,
                               http_client=http_client, **kwargs)


def create_checkout_session(*, amount_paise: int, description: str, reference: str,
                            success_url: str, cancel_url: str, idempotency_key: str,
                            expires_at: datetime | None = None) -> CheckoutSession:
    """A hosted payment page for exactly `amount_paise` INR, computed by our server."""
    extra = {"expires_at": int(expires_at.timestamp())} if expires_at else {}
    try:
        session = _client().v1.checkout.sessions.create(
            params={
                **extra,
                "mode": "payment",
                "line_items": [{
                    "quantity": 1,
                    "price_data": {"currency": "inr", "unit_amount": amount_paise,
                                   "product_data": {"name": description[:200]}},
                }],
                "client_reference_id": reference,
                "metadata": {"reference": reference},
                "success_url": success_url,
                "cancel_url": cancel_url,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise GatewayError(exc.__class__.__name__) from exc
    return CheckoutSession(id=session.id, url=session.url)


def get_checkout_session(session_id: str) -> dict:
    """Stripe's current record of a Checkout Session (payment_status, payment_intent…)."""
    try:
        session = _client().v1.checkout.sessions.retrieve(session_id)
    except stripe.StripeError as exc:
        raise GatewayError(exc.__class__.__name__) from exc
    return session.to_dict()


def refund(*, payment_intent: str, amount_paise: int, idempotency_key: str) -> str:
    """Refund `amount_paise` of a PaymentIntent; returns the refund's id."""
    try:
        refund = _client().v1.refunds.create(
            params={"payment_intent": payment_intent, "amount": amount_paise},
            options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise GatewayError(exc.__class__.__name__) from exc
    return refund.id


#: how far a signature's time may be from ours, either way (the library checks the past)
CLOCK_SKEW_SECONDS = 300


def verify_event(payload: bytes, signature_header: str | None, *,
                 now: float | None = None) -> dict:
    """The event as a plain dict, only if Stripe signed this exact body with our secret
    within CLOCK_SKEW_SECONDS of now (an old signature may be a replay; one from the
    future is not Stripe's)."""
    now = time.time() if now is None else now
    try:
        signed_at = int(dict(part.split("=", 1) for part in (signature_header or "").split(",")
                             if "=" in part).get("t", ""))
    except ValueError as exc:
        raise InvalidWebhook("no timestamp") from exc
    if signed_at > now + CLOCK_SKEW_SECONDS:
        raise InvalidWebhook("timestamp in the future")
    try:
        event = stripe.Webhook.construct_event(payload, signature_header,
                                               current_app.config["STRIPE_WEBHOOK_SECRET"],
                                               tolerance=CLOCK_SKEW_SECONDS)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise InvalidWebhook(str(exc)) from exc
    return event.to_dict()
