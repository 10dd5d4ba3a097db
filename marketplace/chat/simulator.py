"""Talk to the assistant without Meta: one message signed as WhatsApp signs it and posted to
the real webhook inside this process, so it meets every check a real one meets. Used by
`flask chat simulate` and the panel's "try the assistant" page."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from marketplace.chat.cloud_api import SIGNATURE_HEADER, signature_of, simulated_delivery
from marketplace.chat.models import InboundMessage
from marketplace.chat.views import WEBHOOK, bp
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage


@dataclass(frozen=True)
class Simulated:
    #: what the webhook answered (200 when the message was taken)
    status: int
    wamid: str


def is_assistant_on() -> bool:
    """The webhook takes deliveries only with the app secret set."""
    return bool(current_app.config["WHATSAPP_APP_SECRET"])


def simulate_message(phone: str, *, text: str | None = None,
                     choice: tuple[str, str, str] | None = None,
                     phone_number_id: str = "") -> Simulated:
    """Send what the resident with `phone` (E.164, checked by the caller) wrote, or the button
    or list row they chose, to the webhook, signed with the app secret (is_assistant_on must
    hold). The webhook commits the message and its reply in a transaction of its own, so the
    caller's is committed first: one still open would hold SQLite's lock against the webhook's
    write, or keep a snapshot on PostgreSQL that hides the webhook's rows."""
    db.session.commit()
    wamid = "wamid.simulated." + secrets.token_hex(12)
    body = json.dumps(simulated_delivery(
        sender=phone.lstrip("+"), wamid=wamid, phone_number_id=phone_number_id,
        timestamp=int(utcnow().timestamp()), text=text, choice=choice)).encode()
    app = current_app._get_current_object()
    # In a context of its own, as a request from Meta would be: its own session and `g`, not
    # the page's that sends it.
    with app.app_context():
        response = app.test_client().post(
            bp.url_prefix + WEBHOOK, data=body, headers={
                SIGNATURE_HEADER: signature_of(body, app.config["WHATSAPP_APP_SECRET"]),
                "Content-Type": "application/json"})
    return Simulated(response.status_code, wamid)


def reply_to(wamid: str) -> OutboxMessage | None:
    """The reply queued for the message with this id, if it was served."""
    return db.session.scalar(
        sa.select(OutboxMessage).join(InboundMessage, InboundMessage.reply_id == OutboxMessage.id)
        .where(InboundMessage.wamid == wamid))
