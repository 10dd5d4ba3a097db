"""The WhatsApp Cloud API webhook: the subscription handshake (GET) and deliveries (POST).

A delivery is checked for size before it is read and for its signature before it is parsed;
a signed one is always acknowledged with 200 (Meta retries anything else for days), whatever
it holds. Its messages are recorded and answered in one commit; replies leave through the
outbox after it.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, current_app, request

from marketplace.chat import cloud_api
from marketplace.chat.errors import WebhookError
from marketplace.chat.services import receive_delivery
from marketplace.extensions import csrf, db

bp = Blueprint("chat", __name__, url_prefix="/chat")
log = logging.getLogger(__name__)

#: Meta's deliveries are a few kilobytes; nothing larger is read
MAX_DELIVERY_BYTES = 1024 * 1024
WEBHOOK = "/whatsapp/webhook"


def _refuse(code: WebhookError, status: int) -> Response:
    response = Response(f"{code}: {code.message}\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.before_app_request
def refuse_large_deliveries():
    """Before the app's input guard reads a form: a delivery whose length says it is over
    the limit is refused unread (413)."""
    if (request.endpoint == "chat.receive_webhook" and request.content_length is not None
            and request.content_length > MAX_DELIVERY_BYTES):
        return _refuse(WebhookError.TOO_LARGE, 413)
    return None


@bp.get(WEBHOOK)
def verify_webhook():
    """Meta's handshake when the webhook URL is saved: echo the challenge, as plain text."""
    token = current_app.config["WHATSAPP_VERIFY_TOKEN"]
    if not token:
        return _refuse(WebhookError.OFF, 404)
    if not cloud_api.is_verification(request.args, token):
        return _refuse(WebhookError.VERIFY_TOKEN, 403)
    challenge = cloud_api.safe_challenge(request.args)
    if challenge is None:
        return _refuse(WebhookError.CHALLENGE, 400)
    response = Response(challenge, mimetype="text/plain")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post(WEBHOOK)
@csrf.exempt  # Meta signs the body instead
def receive_webhook():
    """A delivery: size, then signature, then its messages recorded and answered, one
    commit. 200 for every signed one (404 while the assistant is off)."""
    secret = current_app.config["WHATSAPP_APP_SECRET"]
    if not secret:
        return _refuse(WebhookError.OFF, 404)
    # One byte past the limit tells a body sent without a length (chunked) that is too large.
    body = request.stream.read(MAX_DELIVERY_BYTES + 1)
    if len(body) > MAX_DELIVERY_BYTES:
        return _refuse(WebhookError.TOO_LARGE, 413)
    if not cloud_api.is_signed(body, request.headers.get(cloud_api.SIGNATURE_HEADER), secret):
        return _refuse(WebhookError.SIGNATURE, 403)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested past reading
        log.warning("signed whatsapp delivery is not JSON: acknowledged and dropped")
        payload = None
    outcomes = receive_delivery(payload)
    db.session.commit()
    if outcomes:
        log.info("whatsapp delivery: %s", ", ".join(outcomes))
    return {"received": len(outcomes)}, 200
