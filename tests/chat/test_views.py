"""The WhatsApp webhook: Meta's handshake, signed deliveries, and every bad input refused or
acknowledged without anything half-written."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa

from marketplace.chat.models import InboundMessage
from marketplace.chat.views import MAX_DELIVERY_BYTES
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.chat.payloads import (
    APP_SECRET,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    WEBHOOK,
    delivery,
    encode,
    list_reply,
    message_of_type,
    new_wamid,
    post_delivery,
    signed,
    status,
    text_message,
)
from tests.helpers import make_sub_division, make_user

MENU_EN = ("Swarozgar assistant. What would you like to do?\n\n1. Find a worker\n"
           "2. My orders, bookings\n3. Talk to the office\n\nReply with a number. Send “menu” "
           "to start again, “English” or “हिंदी” to change the language.")
SENDER = "+919816012345"

pytestmark = pytest.mark.usefixtures("assistant")


def _inbound() -> list[InboundMessage]:
    return db.session.scalars(sa.select(InboundMessage).order_by(InboundMessage.id)).all()


def _outbox() -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _nothing_written() -> bool:
    return _inbound() == [] and _outbox() == []


# --- The handshake --------------------------------------------------------------------------

def _verify(client, **args):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
             "hub.challenge": "1158201444", **args}
    return client.get(WEBHOOK, query_string={k: v for k, v in query.items() if v is not None})


def test_the_handshake_with_our_token_echoes_the_challenge_as_plain_text(client):
    response = _verify(client)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "1158201444"
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("args", [
    {"hub.verify_token": "wrong-token"},
    {"hub.verify_token": VERIFY_TOKEN + "x"},
    {"hub.verify_token": None},
    {"hub.mode": "unsubscribe"},
    {"hub.mode": None},
    {"hub.verify_token": "tökén"},
])
def test_a_handshake_without_subscribe_and_our_token_is_refused(client, args):
    response = _verify(client, **args)
    assert response.status_code == 403
    assert "1158201444" not in response.get_data(as_text=True)


@pytest.mark.parametrize("challenge", [
    "<script>alert(1)</script>", "<b>1</b>", "12 34", "1\r\nSet-Cookie: x=1", "x" * 129, "",
    "१२३",
])
def test_a_challenge_that_is_not_letters_and_digits_is_never_echoed(client, challenge):
    response = _verify(client, **{"hub.challenge": challenge})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "<" not in response.get_data(as_text=True)


def test_a_wrong_token_with_an_html_challenge_is_refused_without_echo(client):
    response = _verify(client, **{"hub.verify_token": "nope",
                                  "hub.challenge": "<script>alert(1)</script>"})
    assert response.status_code == 403
    assert "script" not in response.get_data(as_text=True)


def test_with_the_assistant_off_the_webhook_is_not_found(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", "")
    monkeypatch.setitem(app.config, "WHATSAPP_VERIFY_TOKEN", "")
    make_sub_division()
    assert _verify(client, **{"hub.verify_token": ""}).status_code == 404
    response = post_delivery(client, delivery(text_message("hello")), secret="")
    assert response.status_code == 404
    assert _nothing_written()


# --- Signatures and size --------------------------------------------------------------------

def test_an_unsigned_delivery_is_refused_and_changes_nothing(client, nadaun):
    body = encode(delivery(text_message("hello")))
    response = client.post(WEBHOOK, data=body, content_type="application/json")
    assert response.status_code == 403
    assert _nothing_written()


@pytest.mark.parametrize("header", [
    "", "sha256=", "sha256=" + "0" * 64, "sha1=abc", "sha256=zz", "sha256=é", "garbage",
])
def test_a_wrongly_signed_delivery_is_refused_and_changes_nothing(client, nadaun, header):
    body = encode(delivery(text_message("hello")))
    response = client.post(WEBHOOK, data=body, headers={
        "X-Hub-Signature-256": header, "Content-Type": "application/json"})
    assert response.status_code == 403
    assert _nothing_written()


def test_a_delivery_signed_with_another_secret_is_refused(client, nadaun):
    response = post_delivery(client, delivery(text_message("hello")), secret="another-secret")
    assert response.status_code == 403
    assert _nothing_written()


def test_a_delivery_altered_after_signing_is_refused(client, nadaun):
    body = encode(delivery(text_message("hello")))
    altered = body.replace(b"hello", b"hellO")
    response = client.post(WEBHOOK, data=altered, headers=signed(body))
    assert response.status_code == 403
    assert _nothing_written()


def test_a_delivery_over_a_megabyte_is_refused_before_it_is_read(client, nadaun):
    payload = delivery(text_message("x" * (MAX_DELIVERY_BYTES + 10)))
    response = post_delivery(client, payload)  # signed, but too large to read
    assert response.status_code == 413
    assert _nothing_written()


@pytest.mark.parametrize(("size", "status"), [(MAX_DELIVERY_BYTES + 1, 413), (1000, 200)])
def test_a_delivery_sent_without_a_length_is_read_up_to_the_limit_only(
        client, nadaun, size, status):
    payload = delivery(text_message("hello"))
    payload["padding"] = "x" * (size - len(encode(payload)) - 15)
    body = encode(payload)
    assert abs(len(body) - size) <= 2
    response = client.post(WEBHOOK, input_stream=io.BytesIO(body),
                           headers={**signed(body), "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == status
    assert len(_inbound()) == (status == 200)


def test_a_form_encoded_body_over_the_limit_is_refused_before_the_input_guard_reads_it(
        client, nadaun):
    response = client.post(WEBHOOK, data={"x": "y" * (MAX_DELIVERY_BYTES + 10)})
    assert response.status_code == 413


# --- A signed message is recorded once and answered ---------------------------------------

def test_a_signed_text_is_recorded_and_answered_with_the_menu_in_english(client, nadaun):
    wamid = new_wamid()
    response = post_delivery(client, delivery(text_message("Hello, I need a plumber",
                                                           wamid=wamid)))
    assert response.status_code == 200
    [message] = _inbound()
    assert (message.wamid, message.from_phone, message.message_type, message.text,
            message.language, message.sub_division_id, message.phone_number_id) == (
        wamid, SENDER, "text", "Hello, I need a plumber", "en", nadaun.id, PHONE_NUMBER_ID)
    [reply] = _outbox()
    assert (reply.to_phone, reply.language, reply.body, reply.sub_division_id, reply.via) == (
        SENDER, "en", MENU_EN, nadaun.id, "whatsapp")
    assert message.reply_id == reply.id
    assert reply.status == "sent"  # delivered after the commit (the log channel in tests)


def test_a_message_in_devanagari_is_answered_in_hindi(client, nadaun):
    post_delivery(client, delivery(text_message("मुझे प्लंबर चाहिए")))
    [reply] = _outbox()
    assert reply.language == "hi"
    assert "स्वरोज़गार" in reply.body and "1" in reply.body


def test_a_choice_from_a_list_is_recorded_by_its_title(client, nadaun):
    post_delivery(client, delivery(list_reply("Find a worker")))
    [message] = _inbound()
    assert (message.message_type, message.text) == ("interactive", "Find a worker")


def test_a_redelivered_message_is_recorded_and_answered_once(client, nadaun):
    payload = delivery(text_message("hello", wamid="wamid.same"))
    assert post_delivery(client, payload).status_code == 200
    assert post_delivery(client, payload).status_code == 200
    assert len(_inbound()) == 1
    assert len(_outbox()) == 1


def test_the_same_message_twice_in_one_delivery_is_answered_once(client, nadaun):
    message = text_message("hello", wamid="wamid.twice")
    assert post_delivery(client, delivery(message, message)).status_code == 200
    assert len(_inbound()) == 1
    assert len(_outbox()) == 1


def test_several_messages_in_one_delivery_are_each_answered(client, nadaun):
    post_delivery(client, delivery(text_message("one"),
                                   text_message("दो", sender="919816012346")))
    assert [m.language for m in _outbox()] == ["en", "hi"]


# --- Deliveries with nothing to answer are acknowledged ------------------------------------

@pytest.mark.parametrize("payload", [
    delivery(statuses=[status("sent"), status("delivered"), status("read")]),
    {"object": "whatsapp_business_account", "entry": []},
    {"object": "whatsapp_business_account"},
    {},
    [],
    "a string",
    12,
    None,
    {"entry": "nope"},
    {"entry": [None, 1, "x", {"changes": None}]},
    {"entry": [{"changes": [{"field": "messages", "value": []}]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"messages": {"id": "x"}}}]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"messages": [
        {"id": 5, "from": ["919816012345"], "type": {"x": 1}}]}}]}]},
    {"entry": [{"changes": [{"field": "account_update", "value": {"messages": [
        {"id": "wamid.x", "from": "919816012345", "type": "text", "text": {"body": "hi"}}]}}]}]},
], ids=lambda p: json.dumps(p)[:40])
def test_a_signed_delivery_without_messages_is_acknowledged_and_writes_nothing(
        client, nadaun, payload):
    response = post_delivery(client, payload)
    assert response.status_code == 200
    assert _nothing_written()


@pytest.mark.parametrize("body", [
    b"not json", b"{", b"\xff\xfe\x00", b"", b"[" * 100_000 + b"]" * 100_000, b"1" * 5_000,
], ids=["text", "truncated", "not-utf8", "empty", "deeply-nested", "huge-number"])
def test_a_signed_body_that_is_not_json_is_acknowledged_and_writes_nothing(client, nadaun, body):
    response = client.post(WEBHOOK, data=body, headers=signed(body))
    assert response.status_code == 200
    assert _nothing_written()


@pytest.mark.parametrize("kind", ["image", "audio", "sticker", "reaction", "contacts",
                                  "location", "unsupported"])
def test_a_message_of_a_type_the_assistant_does_not_read_is_recorded_and_gets_the_menu(
        client, nadaun, kind):
    response = post_delivery(client, delivery(message_of_type(kind)))
    assert response.status_code == 200
    [message] = _inbound()
    assert (message.message_type, message.text) == (kind, None)
    [reply] = _outbox()
    assert reply.language == "hi"  # no words to tell the language by: the site's own


def test_a_message_without_words_is_answered_in_the_language_of_the_senders_account(
        client, nadaun):
    make_user(phone=SENDER, language="en")
    post_delivery(client, delivery(message_of_type("sticker")))
    [reply] = _outbox()
    assert (reply.language, reply.body) == ("en", MENU_EN)


# --- What residents type ------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "kept"), [
    ("plumber\x00 please", "plumber please"),
    ("line one\r\nline two\rthree", "line one\nline two\nthree"),
    ("\u202eevil\u202c text\x07\x1b[31m", "evil text[31m"),
    ("नल ठीक करना है 🙏🏽 please", "नल ठीक करना है 🙏🏽 please"),
    ("क्‍ष mixed scripts प्लंबर plumber", "क्‍ष mixed scripts प्लंबर plumber"),
    ("\ud800 lone surrogate", "lone surrogate"),
    ("\x00\x01\r\n", None),
])
def test_typed_text_is_kept_clean(client, nadaun, typed, kept):
    response = post_delivery(client, delivery(text_message(typed)))
    assert response.status_code == 200
    [message] = _inbound()
    assert message.text == kept
    assert len(_outbox()) == 1


def test_a_five_thousand_character_text_is_kept_cut_to_a_thousand(client, nadaun):
    response = post_delivery(client, delivery(text_message("अ" * 5000)))
    assert response.status_code == 200
    [message] = _inbound()
    assert message.text == "अ" * 1000
    assert _outbox()[0].language == "hi"


@pytest.mark.parametrize("typed", ["my aadhaar is 2341 2341 2346", "आधार २३४१२३४१२३४६ है",
                                   "2341-2341-2346"])
def test_an_aadhaar_number_is_masked_before_it_is_stored_and_the_reply_says_why(
        client, nadaun, typed):
    from marketplace.core.identity import aadhaar_numbers

    post_delivery(client, delivery(text_message(typed)))
    [message] = _inbound()
    assert "XXXX XXXX XXXX" in message.text
    assert aadhaar_numbers(message.text) == []
    [reply] = _outbox()
    assert "Aadhaar" in reply.body or "आधार" in reply.body


def test_a_phone_number_is_not_taken_for_an_aadhaar_number(client, nadaun):
    post_delivery(client, delivery(text_message("call me on 919816012345")))
    assert _inbound()[0].text == "call me on 919816012345"
    assert _outbox()[0].body == MENU_EN


# --- Senders and numbers -------------------------------------------------------------------

def test_a_message_to_a_sub_divisions_number_is_served_there(client, nadaun):
    barsar = make_sub_division("BRS", "Barsar")
    barsar.whatsapp_phone_number_id = "222000111"
    nadaun.whatsapp_phone_number_id = PHONE_NUMBER_ID
    post_delivery(client, delivery(text_message("hello"), phone_number_id="222000111"))
    [message] = _inbound()
    assert message.sub_division_id == barsar.id
    assert _outbox()[0].sub_division_id == barsar.id


def test_a_site_with_one_sub_division_serves_every_number_there(client, nadaun):
    post_delivery(client, delivery(text_message("hello"), phone_number_id="999"))
    assert [m.sub_division_id for m in _inbound()] == [nadaun.id]


def test_a_message_to_a_number_no_sub_division_has_is_acknowledged_and_ignored(
        client, nadaun, other_sub_division, caplog):
    nadaun.whatsapp_phone_number_id = PHONE_NUMBER_ID
    response = post_delivery(client, delivery(text_message("hello"), phone_number_id="999"))
    assert response.status_code == 200
    assert _nothing_written()
    assert "no sub-division has" in caplog.text
    assert "9816012345" not in caplog.text  # the sender's number is masked in the log


@pytest.mark.parametrize("sender", ["14155550100", "", "91981601234", "abc", "+91 98160 12345"
                                    * 3])
def test_a_message_from_a_number_that_is_not_an_indian_mobile_is_ignored(
        client, nadaun, sender):
    response = post_delivery(client, delivery(text_message("hello", sender=sender)))
    assert response.status_code == 200
    assert _nothing_written()


@pytest.mark.parametrize("field", ["id", "from"])
def test_a_message_whose_id_or_sender_holds_a_control_character_is_ignored(
        client, nadaun, field):
    message = text_message("hello")
    message[field] = message[field][:5] + "\x00\n" + message[field][5:]
    response = post_delivery(client, delivery(message))
    assert response.status_code == 200
    assert _nothing_written()


def test_a_number_id_or_type_holding_control_characters_is_not_kept(client, nadaun):
    message = text_message("hello")
    message["type"] = "te\x00xt"
    response = post_delivery(client, delivery(message, phone_number_id="1065\x00\u202e"))
    assert response.status_code == 200
    [kept] = _inbound()
    assert (kept.message_type, kept.phone_number_id, kept.text) == ("unknown", "", None)
    assert len(_outbox()) == 1


def test_a_message_with_an_overlong_id_is_ignored(client, nadaun):
    response = post_delivery(client, delivery(text_message("hello", wamid="w" * 500)))
    assert response.status_code == 200
    assert _nothing_written()


def test_the_webhook_needs_no_csrf_token_and_no_session(client, nadaun):
    """Meta sends no cookie and no token: the signature is the whole check."""
    response = post_delivery(client, delivery(text_message("hello")))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert APP_SECRET not in response.get_data(as_text=True)
