"""Panel: "try the assistant": an admin writes as a resident, the message reaches the real
webhook signed as Meta signs it, and the page shows the thread with the replies' buttons."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.chat.models import InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import Via
from marketplace.notify.services import queue_message
from tests.chat.payloads import APP_SECRET
from tests.helpers import csrf_token_from, make_sub_division, make_user, sign_in

PAGE = "/panel/assistant"
RESIDENT = "+919816012345"


@pytest.fixture
def admin(app, client, nadaun, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", APP_SECRET)
    sign_in(client, make_user(Role.ADMIN))
    return client


def send(client, **fields):
    data = {"csrf_token": csrf_token_from(client, PAGE), "phone": "98160 12345", **fields}
    return client.post(PAGE, data=data)


def inbound() -> list[InboundMessage]:
    return db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)).all()


def test_a_message_reaches_the_webhook_and_the_thread_shows_it_with_the_reply(admin):
    response = send(admin, text="नमस्ते, प्लंबर चाहिए")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{PAGE}?phone=%2B919816012345#latest")
    [message] = inbound()
    assert (message.from_phone, message.text, message.language) == (
        RESIDENT, "नमस्ते, प्लंबर चाहिए", "hi")
    assert message.reply_id is not None
    page = admin.get(f"{PAGE}?phone={RESIDENT}").get_data(as_text=True)
    assert page.index("नमस्ते, प्लंबर चाहिए") < page.index("from-assistant")
    assert 'class="bubble from-resident" ' in page or 'class="bubble from-resident"' in page


def test_a_button_of_the_last_reply_is_sent_as_an_interactive_reply(admin, nadaun):
    payload = {"type": "interactive", "interactive": {
        "type": "button", "body": {"text": "Choose"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "find_worker", "title": "Find a worker"}},
            {"type": "reply", "reply": {"id": "my_orders", "title": "My orders"}}]}}}
    queue_message(RESIDENT, "chat_menu", language="en", sub_division_id=nadaun.id,
                  via=Via.WHATSAPP, body="1. Find a worker\n2. My orders", payload=payload)
    db.session.commit()
    page = admin.get(f"{PAGE}?phone={RESIDENT}").get_data(as_text=True)
    assert 'value="button_reply|my_orders|My orders"' in page
    assert send(admin, choice="button_reply|my_orders|My orders").status_code == 303
    [message] = inbound()
    assert (message.message_type, message.text) == ("interactive", "My orders")


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": ""}, "Write a message, or choose one of the buttons."),
    ({"text": "hi\x00there"}, None),  # the app's input guard refuses it before the page
    ({"text": "hi\u202ethere"}, "The text holds a hidden control character"),
    ({"text": "x" * 5000}, "Write at most 4096 characters."),
    ({"text": "hi", "phone": "12345"}, None),
    ({"choice": "image|x|y"}, "Write a message, or choose one of the buttons."),
])
def test_bad_input_is_refused_with_a_message_and_sends_nothing(admin, fields, message):
    response = send(admin, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    if message:
        assert message in page and 'role="alert"' in page
    assert inbound() == []


def test_an_aadhaar_number_reaches_the_assistant_which_keeps_it_masked(admin):
    assert send(admin, text="मेरा आधार 2345 6789 0124 है").status_code == 303
    [message] = inbound()
    assert "2345 6789 0124" not in message.text


def test_when_the_assistant_is_off_the_page_says_so_and_sends_nothing(app, client, nadaun,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", "")
    sign_in(client, make_user(Role.ADMIN))
    assert "WHATSAPP_APP_SECRET" in client.get(PAGE).get_data(as_text=True)
    assert send(client, text="hi").status_code == 409
    assert inbound() == []


def test_with_two_sub_divisions_the_number_must_be_set_first(admin, nadaun):
    make_sub_division("BRS", "Barsar")
    db.session.commit()
    assert "WhatsApp number in Settings" in admin.get(PAGE).get_data(as_text=True)
    assert send(admin, text="hi").status_code == 409
    nadaun.whatsapp_phone_number_id = "106540352242922"
    db.session.commit()
    assert send(admin, text="hi").status_code == 303
    assert [m.sub_division_id for m in inbound()] == [nadaun.id]


def test_staff_may_not_try_the_assistant(app, client, nadaun):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    assert client.get(PAGE).status_code == 403
