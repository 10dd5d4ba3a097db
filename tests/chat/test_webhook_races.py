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


def test_the_slot_chosen_twice_at_once_books_once_and_answers_once(committed_app):
    from datetime import timedelta

    from marketplace.bookings.models import Booking
    from marketplace.chat.models import Conversation
    from marketplace.core.db import today_in_india, utcnow
    from tests.chat.payloads import button_reply
    from tests.helpers import first_village, make_user, make_worker

    committed_app.config.update(WHATSAPP_APP_SECRET=APP_SECRET)
    with committed_app.app_context():
        nadaun = make_sub_division()
        worker = make_worker(nadaun)
        make_user(phone="+919816012345", language="en")
        village = first_village(nadaun)
        day = (today_in_india() + timedelta(days=1)).isoformat()
        db.session.add(Conversation(
            sub_division_id=nadaun.id, phone="+919816012345", language="en",
            step="book.slot", last_message_at=utcnow(),
            data={"worker_id": worker.id, "village_id": village.id, "day": day,
                  "category_id": worker.main_category_id,
                  "origin": [village.latitude, village.longitude],
                  "shown": ["slot:morning", "slot:afternoon", "slot:evening"]}))
        db.session.commit()
        worker_phone = worker.user.phone
        db.session.remove()
    payload = delivery(button_reply("Morning", "slot:morning", wamid="wamid.slot"))

    def deliver(_):
        return post_delivery(committed_app.test_client(), payload).status_code

    assert run_together(2, deliver) == [200, 200]
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1
        replies = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.to_phone == "+919816012345")).all()
        assert len(replies) == 1 and "Booking sent to" in replies[0].body
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.to_phone == worker_phone)) == 1
        db.session.remove()
