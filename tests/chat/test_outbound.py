"""WhatsApp's status reports (signed deliveries to the webhook) update the outbox row of the
message by its wamid: forward only, twice or out of order without harm; a failure report
sends the text again by SMS where a gateway is configured."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.chat.cloud_api import read_statuses
from marketplace.chat.models import InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import DeliveryStatus, OutboxMessage, OutboxStatus, Via
from marketplace.notify.services import queue_message
from tests.chat.payloads import delivery, post_delivery, text_message
from tests.helpers import make_sub_division, next_phone
from tests.notify.fake_graph import NUMBER_ID, point_app_at, start_fake_graph


@pytest.fixture
def graph():
    fake, server = start_fake_graph()
    yield fake
    server.shutdown()
    server.server_close()


def _point_at(app, graph, monkeypatch, *, sms_gateway: bool):
    for key, value in point_app_at(app.config, graph, sms_gateway=sms_gateway).items():
        monkeypatch.setitem(app.config, key, value)
    return graph


@pytest.fixture
def whatsapp(assistant, graph, monkeypatch):
    return _point_at(assistant, graph, monkeypatch, sms_gateway=False)


@pytest.fixture
def whatsapp_and_sms(assistant, graph, monkeypatch):
    return _point_at(assistant, graph, monkeypatch, sms_gateway=True)


@pytest.fixture
def sent_reply() -> OutboxMessage:
    """A reply WhatsApp took (through the fake): sent, with its wamid."""
    sub_division = make_sub_division()
    sub_division.whatsapp_phone_number_id = NUMBER_ID
    message = queue_message(next_phone(), "chat_menu", language="hi", body="1. कामगार",
                            sub_division_id=sub_division.id, via=Via.WHATSAPP)
    db.session.commit()
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.provider_message_id
    return message


def report(message: OutboxMessage, state: str, *, timestamp: int = 1764790100,
           errors: list | None = None, callback: bool = True, wamid: str | None = None) -> dict:
    item = {"id": wamid or message.provider_message_id, "status": state,
            "timestamp": str(timestamp), "recipient_id": message.to_phone[1:],
            "conversation": {"id": "c1", "origin": {"type": "service"}},
            "pricing": {"billable": True, "category": "service"}}
    if callback:
        item["biz_opaque_callback_data"] = f"outbox-{message.id}"
    if errors:
        item["errors"] = errors
    return item


def statuses(*items) -> dict:
    return delivery(statuses=list(items))


def current(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


def test_delivered_then_read_reports_show_what_reached_the_phone(client, whatsapp, sent_reply):
    assert post_delivery(client, statuses(report(sent_reply, "sent"))).status_code == 200
    assert current(sent_reply).delivery_status is DeliveryStatus.SENT
    post_delivery(client, statuses(report(sent_reply, "delivered", timestamp=1764790200)))
    assert current(sent_reply).delivery_status is DeliveryStatus.DELIVERED
    post_delivery(client, statuses(report(sent_reply, "read", timestamp=1764790300)))
    message = current(sent_reply)
    assert message.delivery_status is DeliveryStatus.READ
    assert int(message.delivery_status_at.timestamp()) == 1764790300
    assert message.status is OutboxStatus.SENT  # the outbox's own status is the deliverer's


def test_reports_out_of_order_and_twice_never_go_back_from_read(client, whatsapp, sent_reply):
    post_delivery(client, statuses(report(sent_reply, "read", timestamp=1764790300)))
    for state in ("delivered", "sent", "failed", "read"):
        post_delivery(client, statuses(report(sent_reply, state, timestamp=1764790200)))
        message = current(sent_reply)
        assert message.delivery_status is DeliveryStatus.READ
        assert int(message.delivery_status_at.timestamp()) == 1764790300


def test_reports_in_one_delivery_out_of_order_leave_the_furthest(client, whatsapp, sent_reply):
    post_delivery(client, statuses(report(sent_reply, "read"), report(sent_reply, "delivered"),
                                   report(sent_reply, "sent")))
    assert current(sent_reply).delivery_status is DeliveryStatus.READ


def test_a_failure_report_keeps_whatsapps_reason_and_is_overruled_by_a_later_delivery(
        client, whatsapp, sent_reply):
    failure = [{"code": 131026, "title": "Message undeliverable",
                "error_data": {"details": "Receiver is incapable of receiving this message"}}]
    post_delivery(client, statuses(report(sent_reply, "failed", errors=failure)))
    message = current(sent_reply)
    assert message.delivery_status is DeliveryStatus.FAILED
    assert message.last_error == ("WhatsApp reported error 131026: Message undeliverable "
                                  "Receiver is incapable of receiving this message")
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1  # no SMS gateway
    post_delivery(client, statuses(report(sent_reply, "delivered")))
    assert current(sent_reply).delivery_status is DeliveryStatus.DELIVERED


def test_a_failure_report_sends_the_text_again_by_sms_once_where_a_gateway_is_configured(
        client, whatsapp_and_sms, sent_reply):
    failure = [{"code": 131047, "title": "Re-engagement message"}]
    for _ in range(2):  # Meta redelivers
        post_delivery(client, statuses(report(sent_reply, "failed", errors=failure)))
    [sms] = whatsapp_and_sms.sms_requests()
    assert sms.json["to"] == sent_reply.to_phone and sms.json["body"] == "1. कामगार"
    again = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id != sent_reply.id))
    assert (again.via, again.status, again.kind) == (Via.SMS, OutboxStatus.SENT, "chat_menu")
    assert current(sent_reply).last_error.endswith(f"sent again by SMS as message {again.id}")


def test_a_report_before_the_wamid_is_recorded_finds_the_message_by_its_callback_data(
        client, assistant):
    message = queue_message(next_phone(), "chat_menu", language="en", body="menu",
                            via=Via.WHATSAPP)
    db.session.flush()
    db.session.info.pop("outbox_new_ids", None)  # the deliverer has not recorded it yet
    db.session.commit()
    post_delivery(client, statuses(report(message, "delivered", wamid="wamid.early1")))
    found = current(message)
    assert found.delivery_status is DeliveryStatus.DELIVERED
    assert found.provider_message_id == "wamid.early1"


def test_a_report_about_no_message_of_ours_or_with_an_odd_shape_changes_nothing(
        client, whatsapp, sent_reply):
    odd = [{"id": "wamid.unknown", "status": "delivered", "timestamp": "1"},
           {"id": sent_reply.provider_message_id, "status": "deleted"},
           {"id": sent_reply.provider_message_id, "status": ["read"]},
           {"id": "x" * 500, "status": "read"}, {"status": "read"}, "read", None,
           {"id": sent_reply.provider_message_id + "\x00", "status": "read"}]
    assert post_delivery(client, statuses(*odd)).status_code == 200
    assert current(sent_reply).delivery_status is None


def test_an_unsigned_report_changes_nothing(client, whatsapp, sent_reply):
    body = statuses(report(sent_reply, "read"))
    response = post_delivery(client, body, secret="not-the-app-secret")
    assert response.status_code == 403
    assert current(sent_reply).delivery_status is None


def test_a_report_cannot_reach_another_message_through_its_callback_data(
        client, whatsapp, sent_reply):
    other = queue_message(next_phone(), "chat_menu", language="en", body="menu",
                          via=Via.WHATSAPP, sub_division_id=sent_reply.sub_division_id)
    db.session.commit()
    assert current(other).provider_message_id
    forged = report(sent_reply, "read", wamid="wamid.someone-else")
    forged["biz_opaque_callback_data"] = f"outbox-{other.id}"
    post_delivery(client, statuses(forged))
    assert current(other).delivery_status is None  # it has a wamid of its own
    assert current(sent_reply).delivery_status is None


def test_reading_reports_passes_over_what_it_does_not_know():
    assert list(read_statuses(None)) == []
    assert list(read_statuses({"entry": [{"changes": [{"field": "account_update",
                                                        "value": {"statuses": []}}]}]})) == []


def test_a_delivery_with_a_message_and_a_report_answers_the_one_and_applies_the_other(
        client, whatsapp, sent_reply):
    payload = delivery(text_message("menu", sender=sent_reply.to_phone[1:]),
                       statuses=[report(sent_reply, "read")])
    assert post_delivery(client, payload).status_code == 200
    assert current(sent_reply).delivery_status is DeliveryStatus.READ
    answer = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.id != sent_reply.id))
    assert answer.to_phone == sent_reply.to_phone and answer.via is Via.WHATSAPP
    assert answer.status is OutboxStatus.SENT and answer.provider_message_id  # via the fake


def test_a_sub_division_without_a_number_replies_from_the_number_the_resident_wrote_to(
        whatsapp):
    sub_division = make_sub_division()
    message = queue_message(next_phone(), "chat_menu", language="en", body="menu",
                            sub_division_id=sub_division.id, via=Via.WHATSAPP)
    db.session.add(InboundMessage(sub_division_id=sub_division.id, wamid="wamid.in1",
                                  from_phone=message.to_phone, phone_number_id="555000111",
                                  message_type="text", text="hi", language="en"))
    db.session.commit()
    assert [r.path for r in whatsapp.requests] == ["/graph/555000111/messages"]
    assert current(message).status is OutboxStatus.SENT
