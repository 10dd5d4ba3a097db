"""Two status reports for one message delivered at the same moment (PostgreSQL: two
transactions really race for the row): the furthest status stays, a failure is sent again
by SMS once."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.notify.models import DeliveryStatus, OutboxMessage, Via
from marketplace.notify.services import queue_message
from tests.chat.payloads import APP_SECRET, delivery, post_delivery
from tests.helpers import make_sub_division, run_together
from tests.notify.fake_graph import point_app_at, start_fake_graph


def _sent_reply(app, wamid: str) -> int:
    with app.app_context():
        sub_division = make_sub_division()
        message = queue_message("+919816012345", "chat_menu", language="hi", body="1. कामगार",
                                sub_division_id=sub_division.id, via=Via.WHATSAPP)
        db.session.commit()  # sent through the log channel
        message.provider_message_id = wamid
        db.session.commit()
        message_id = message.id
        db.session.remove()
        return message_id


def _report(wamid: str, state: str, timestamp: int) -> dict:
    return delivery(statuses=[{"id": wamid, "status": state, "timestamp": str(timestamp),
                               "recipient_id": "919816012345",
                               "errors": [{"code": 131026, "title": "Message undeliverable"}]
                               if state == "failed" else []}])


def test_delivered_and_read_at_the_same_moment_end_as_read(committed_app):
    committed_app.config.update(WHATSAPP_APP_SECRET=APP_SECRET)
    message_id = _sent_reply(committed_app, "wamid.race-out")
    for _round in range(3):  # later rounds: Meta redelivers both
        reports = [_report("wamid.race-out", "delivered", 1764790200),
                   _report("wamid.race-out", "read", 1764790300)]

        def deliver(index, reports=reports):
            return post_delivery(committed_app.test_client(), reports[index]).status_code

        assert run_together(2, deliver) == [200, 200]
        with committed_app.app_context():
            message = db.session.get(OutboxMessage, message_id)
            assert message.delivery_status is DeliveryStatus.READ
            assert int(message.delivery_status_at.timestamp()) == 1764790300
            db.session.remove()


def test_one_failure_reported_twice_at_once_is_sent_again_by_sms_once(committed_app):
    graph, server = start_fake_graph()
    try:
        committed_app.config.update(WHATSAPP_APP_SECRET=APP_SECRET)
        message_id = _sent_reply(committed_app, "wamid.race-failed")
        committed_app.config.update(point_app_at(committed_app.config, graph, sms_gateway=True))
        failure = _report("wamid.race-failed", "failed", 1764790200)

        def deliver(_):
            return post_delivery(committed_app.test_client(), failure).status_code

        assert run_together(2, deliver) == [200, 200]
        assert len(graph.sms_requests()) == 1
        with committed_app.app_context():
            rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
            assert [(m.id == message_id, m.via) for m in rows] == [(True, Via.WHATSAPP),
                                                                   (False, Via.SMS)]
            assert rows[0].delivery_status is DeliveryStatus.FAILED
            db.session.remove()
    finally:
        server.shutdown()
        server.server_close()
