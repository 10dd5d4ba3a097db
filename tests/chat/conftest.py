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
    reply = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_phone == sender)
                               .order_by(OutboxMessage.id.desc())).first()
    _check_within_whatsapps_limits(reply)
    return reply


def _check_within_whatsapps_limits(reply: OutboxMessage) -> None:
    """Every reply fits WhatsApp, and its numbered text numbers the same options."""
    assert reply.via == "whatsapp" and 0 < len(reply.body) <= 4096
    if reply.payload is None:
        return
    interactive = reply.payload["interactive"]
    assert len(interactive["body"]["text"]) <= 1024
    if interactive["type"] == "button":
        titles = [b["reply"]["title"] for b in interactive["action"]["buttons"]]
        assert 1 <= len(titles) <= 3 and all(len(t) <= 20 for t in titles)
    else:
        assert len(interactive["action"]["button"]) <= 20
        rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
        assert 1 <= len(rows) <= 10
        assert all(len(r["title"]) <= 24 and len(r.get("description", "")) <= 72 for r in rows)
    numbered = [line for line in reply.body.splitlines() if line[:1].isdigit() and ". " in line]
    assert [line.split(". ")[0] for line in numbered] == [
        str(n) for n in range(1, len(option_ids(reply)) + 1)]


def option_ids(reply: OutboxMessage) -> list[str]:
    """The ids of the buttons or rows of an interactive reply."""
    interactive = reply.payload["interactive"]
    if interactive["type"] == "button":
        return [b["reply"]["id"] for b in interactive["action"]["buttons"]]
    return [row["id"] for section in interactive["action"]["sections"]
            for row in section["rows"]]
