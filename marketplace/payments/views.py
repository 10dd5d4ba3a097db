"""The Stripe webhook: verify the signature on the raw body, then apply the event once."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, request

from marketplace.extensions import csrf, db
from marketplace.payments import stripe_gateway
from marketplace.payments.services import handle_stripe_event

bp = Blueprint("payments", __name__, url_prefix="/payments")
log = logging.getLogger(__name__)


@bp.route("/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe signs the body instead
def stripe_webhook():
    if not stripe_gateway.is_enabled():
        abort(404)
    try:
        event = stripe_gateway.verify_event(request.get_data(), request.headers.get(
            "Stripe-Signature"))
    except stripe_gateway.InvalidWebhook:
        return {"error": "invalid signature"}, 400
    try:
        outcome = handle_stripe_event(event)
    except stripe_gateway.GatewayError as error:
        # Stripe could not be asked, or could not refund: nothing is kept (not even the
        # event id), and Stripe delivers the event again later.
        db.session.rollback()
        log.warning("stripe event %s (%s) deferred: %s", event.get("id"), event.get("type"),
                    error)
        return {"error": "try again"}, 503
    db.session.commit()
    log.info("stripe event %s (%s): %s", event.get("id"), event.get("type"), outcome)
    return {"outcome": outcome}, 200
