"""The same WhatsApp message delivered twice at the same moment is recorded and answered once
(PostgreSQL: two transactions really race for the unique message id)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.chat.models import InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.chat.payloads import APP_SECRET, delivery, post_delivery, text_message
from tests.helpers import make_sub_division, run_together


def test_one_message_delivered_twice_at_once_gets_one_row_and_one_reply(committed_app):
    committed_app.config.update(WHATSAPP_APP_SECRET=APP_SECRET)
    with committed_app.app_context():
        make_sub_division()
        db.session.commit()
        db.session.remove()
    payload = delivery(text_message("मुझे प्लंबर चाहिए", wamid="wamid.race"))

    def deliver(_):
        return post_delivery(committed_app.test_client(), payload).status_code

    for _round in range(3):  # the later rounds are redeliveries after the race
        assert run_together(2, deliver) == [200, 200]
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 1
        [reply] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert (reply.to_phone, reply.language) == ("+919816012345", "hi")
        db.session.remove()
