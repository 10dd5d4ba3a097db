"""`flask chat simulate` talks to the real webhook and prints the assistant's reply."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.chat.models import InboundMessage
from marketplace.extensions import db


def test_simulate_sends_a_signed_message_and_prints_the_reply(app, assistant, nadaun):
    result = app.test_cli_runner().invoke(args=[
        "chat", "simulate", "--phone", "98160 12345", "--text", "प्लंबर चाहिए"])
    assert result.exit_code == 0, result.output
    assert "webhook answered 200" in result.output
    assert "reply (hi, sent): स्वरोज़गार सहायक" in result.output
    message = db.session.scalars(sa.select(InboundMessage)).one()
    assert (message.from_phone, message.text) == ("+919816012345", "प्लंबर चाहिए")


def test_simulate_says_when_the_assistant_is_off_or_the_phone_is_wrong(app, nadaun):
    runner = app.test_cli_runner()
    off = runner.invoke(args=["chat", "simulate", "--phone", "9816012345", "--text", "hi"])
    assert off.exit_code != 0 and "WHATSAPP_APP_SECRET" in off.output


def test_simulate_refuses_a_phone_that_is_not_an_indian_mobile(app, assistant, nadaun):
    result = app.test_cli_runner().invoke(args=["chat", "simulate", "--phone", "12345",
                                                "--text", "hi"])
    assert result.exit_code != 0 and "Indian mobile" in result.output
