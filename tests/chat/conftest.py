"""Switch the assistant on with the tests' own app secret and verify token; a resident who
talks to it, and a helper that says something and returns the assistant's answer."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.chat.payloads import (
    APP_SECRET,
    VERIFY_TOKEN,
    button_reply,
    delivery,
    list_reply,
    location_message,
    post_delivery,
    text_message,
)

SENDER = "+919816012345"


@pytest.fixture
def assistant(app, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setitem(app.config, "WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
    return app


def say(client, text: str | None = None, *, choose: str | None = None, button: bool = False,
        pin: tuple | None = None, sender: str = SENDER, wamid: str | None = None) -> OutboxMessage:
    """Send a text, a chosen row/button id (`choose`) or a location pin as WhatsApp would,
    through the signed webhook; return the reply queued for it."""
    number = sender.lstrip("+")
    if choose is not None:
        build = button_reply if button else list_reply
        message = build("chosen", choose, sender=number, wamid=wamid)
    elif pin is not None:
        message = location_message(*pin, sender=number, wamid=wamid)
    else:
        message = text_message(text or "", sender=number, wamid=wamid)
    response = post_delivery(client, delivery(message))
    assert response.status_code == 200
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_phone == sender)
                              .order_by(OutboxMessage.id.desc())).first()


def option_ids(reply: OutboxMessage) -> list[str]:
    """The ids of the buttons or rows of an interactive reply."""
    interactive = reply.payload["interactive"]
    if interactive["type"] == "button":
        return [b["reply"]["id"] for b in interactive["action"]["buttons"]]
    return [row["id"] for section in interactive["action"]["sections"]
            for row in section["rows"]]
