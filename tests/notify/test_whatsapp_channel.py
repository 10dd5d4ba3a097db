"""WhatsApp rows of the outbox go to the Cloud API (a fake on loopback): text, buttons, lists
and templates to the sub-division's number with the access token; retried on 429 and 5xx;
refusals fall back to SMS where a gateway is configured, else fail with WhatsApp's reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import (
    DeliveryError,
    WhatsAppChannel,
    cloud_api_message,
)
from marketplace.notify.models import OutboxMessage, OutboxStatus, Via
from marketplace.notify.services import queue_message
from tests.helpers import make_sub_division, next_phone
from tests.notify.fake_graph import GRAPH_TOKEN, NUMBER_ID, SMS_TOKEN

BUTTONS = {"type": "interactive", "interactive": {
    "type": "button", "body": {"text": "Accept the booking?"},
    "action": {"buttons": [{"type": "reply", "reply": {"id": "accept", "title": "Accept"}},
                           {"type": "reply", "reply": {"id": "decline", "title": "Decline"}}]}}}
LIST = {"type": "interactive", "interactive": {
    "type": "list", "body": {"text": "Choose the kind of work"},
    "action": {"button": "Kinds of work", "sections": [{"title": "Work", "rows": [
        {"id": "plumber", "title": "Plumber"}, {"id": "mason", "title": "Mason"}]}]}}}
TEMPLATE = {"type": "template", "template": {
    "name": "booking_update", "language": {"code": "hi"},
    "components": [{"type": "body", "parameters": [{"type": "text", "text": "NDN-7"}]}]}}


@pytest.fixture
def nadaun_on_whatsapp():
    sub_division = make_sub_division()
    sub_division.whatsapp_phone_number_id = NUMBER_ID
    db.session.flush()
    return sub_division


def reply(sub_division, *, payload=None, body="1. Find a worker\n2. My orders") -> OutboxMessage:
    return queue_message(next_phone(), "chat_menu", language="en", body=body, payload=payload,
                         sub_division_id=sub_division.id, via=Via.WHATSAPP)


def test_a_text_reply_is_posted_to_the_sub_divisions_number_with_the_token_and_keeps_its_wamid(
        whatsapp, nadaun_on_whatsapp):
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    [request] = whatsapp.requests
    assert request.path == f"/graph/{NUMBER_ID}/messages"
    assert request.auth == f"Bearer {GRAPH_TOKEN}"
    assert request.json == {
        "messaging_product": "whatsapp", "recipient_type": "individual",
        "to": message.to_phone.lstrip("+"), "type": "text",
        "text": {"body": "1. Find a worker\n2. My orders", "preview_url": False},
        "biz_opaque_callback_data": f"outbox-{message.id}"}
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT
    assert message.provider_message_id == "wamid.fake0001"
    assert (message.via, message.last_error) == (Via.WHATSAPP, None)


@pytest.mark.parametrize("payload", [BUTTONS, LIST, TEMPLATE], ids=["buttons", "list", "template"])
def test_buttons_lists_and_templates_are_posted_as_the_row_holds_them(
        whatsapp, nadaun_on_whatsapp, payload):
    message = reply(nadaun_on_whatsapp, payload=payload)
    db.session.commit()
    [request] = whatsapp.requests
    assert request.json == {**payload, "messaging_product": "whatsapp",
                            "recipient_type": "individual", "to": message.to_phone[1:],
                            "biz_opaque_callback_data": f"outbox-{message.id}"}
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.provider_message_id


def test_429_and_5xx_are_retried_with_backoff_until_whatsapp_takes_the_message(
        app, whatsapp, nadaun_on_whatsapp):
    whatsapp.script = [(429, 130429, "7"), (503, None, None), (500, 131000, None)]
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.attempts == 1
    assert "429" in message.last_error and "130429" in message.last_error
    first_wait = message.next_attempt_at - message.created_at
    assert timedelta(seconds=7) <= first_wait <= app.config["OUTBOX_BACKOFF_CAP"] + timedelta(
        seconds=1)  # WhatsApp's Retry-After is honoured
    assert delivery.deliver_message(message.id, now=message.next_attempt_at - timedelta(
        seconds=1)) is False  # not before its time
    for _ in range(3):
        db.session.refresh(message)
        delivery.deliver_message(message.id, now=message.next_attempt_at)
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 4)
    assert message.provider_message_id == "wamid.fake0004" and message.via is Via.WHATSAPP
    assert len(whatsapp.graph_requests()) == 4 and whatsapp.sms_requests() == []


def test_a_reply_outside_the_24_hour_window_goes_by_sms_where_a_gateway_is_configured(
        whatsapp_and_sms, nadaun_on_whatsapp):
    whatsapp_and_sms.script = [(400, 131047, None)]
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    [sms] = whatsapp_and_sms.sms_requests()
    assert sms.auth == f"Bearer {SMS_TOKEN}"
    assert sms.json == {"to": message.to_phone, "body": "1. Find a worker\n2. My orders",
                        "reference": f"outbox-{message.id}"}
    db.session.refresh(message)
    assert (message.status, message.via) == (OutboxStatus.SENT, Via.SMS)
    assert message.provider_message_id == "sms-2"
    assert "131047" in message.last_error and "sent by SMS instead" in message.last_error


def test_an_undeliverable_number_without_an_sms_gateway_ends_failed_with_whatsapps_reason(
        whatsapp, nadaun_on_whatsapp):
    whatsapp.script = [(400, 131026, None)]
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    db.session.refresh(message)
    assert (message.status, message.attempts, message.via) == (
        OutboxStatus.FAILED, 1, Via.WHATSAPP)
    assert message.last_error == ("WhatsApp answered 400, error 131026: details of 131026")
    assert len(whatsapp.requests) == 1  # not tried again, nor by SMS


def test_an_sms_fallback_that_fails_is_retried_as_sms_not_as_whatsapp(
        whatsapp_and_sms, nadaun_on_whatsapp):
    whatsapp_and_sms.script = [(400, 131047, None)]
    whatsapp_and_sms.sms_script = [503]
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    db.session.refresh(message)
    assert (message.status, message.via) == (OutboxStatus.PENDING, Via.SMS)
    assert "131047" in message.last_error and "503" in message.last_error
    delivery.deliver_message(message.id, now=message.next_attempt_at)
    db.session.refresh(message)
    assert (message.status, message.provider_message_id) == (OutboxStatus.SENT, "sms-3")
    assert len(whatsapp_and_sms.graph_requests()) == 1


def test_with_no_number_to_send_from_the_reply_fails_with_that_reason(whatsapp):
    message = reply(make_sub_division())
    db.session.commit()
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED
    assert message.last_error == "no WhatsApp number is set for the sub-division"
    assert whatsapp.requests == []


def test_without_an_access_token_whatsapp_rows_leave_through_the_message_channel(
        app, graph, monkeypatch, nadaun_on_whatsapp):
    monkeypatch.setitem(app.config, "MESSAGE_CHANNEL", "http")
    monkeypatch.setitem(app.config, "MESSAGE_HTTP_URL", f"{graph.url}/sms")
    message = reply(nadaun_on_whatsapp)
    db.session.commit()
    assert [r.path for r in graph.requests] == ["/sms"]
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT


@pytest.mark.parametrize(("status", "code", "permanent"), [
    (429, 130429, False), (500, 131000, False), (503, None, False), (400, 130429, False),
    (400, 80007, False), (400, 131056, False), (400, 131047, True), (400, 131026, True),
    (401, 190, True), (400, 100, True), (404, None, True)])
def test_only_refusals_no_retry_can_mend_are_permanent(graph, status, code, permanent):
    graph.script = [(status, code, None)]
    channel = WhatsAppChannel(f"{graph.url}/graph", GRAPH_TOKEN, 5)
    with pytest.raises(DeliveryError) as caught:
        channel.send_whatsapp("+919816012345", "hi", payload=None, number_id=NUMBER_ID,
                              key="outbox-1")
    assert caught.value.permanent is permanent
    assert str(code) in str(caught.value)


def test_an_unreachable_graph_is_retried():
    channel = WhatsAppChannel("http://127.0.0.1:9/graph", GRAPH_TOKEN, 1)
    with pytest.raises(DeliveryError, match="unreachable") as caught:
        channel.send_whatsapp("+919816012345", "hi", payload=None, number_id=NUMBER_ID,
                              key="outbox-1")
    assert not caught.value.permanent


def test_a_payload_cannot_redirect_the_message_to_another_number():
    message = cloud_api_message("+919816012345", "hi", {**TEMPLATE, "to": "911111111111"},
                                key="outbox-3")
    assert message["to"] == "919816012345"
