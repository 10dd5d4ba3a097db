"""Two deliverers working the same outbox send each message once (PostgreSQL)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import Sent
from marketplace.notify.models import OutboxMessage, OutboxStatus
from marketplace.notify.services import queue_message
from tests.helpers import next_phone, run_together


def test_racing_deliverers_send_every_message_exactly_once(committed_app, monkeypatch):
    sent: list[str] = []
    lock = threading.Lock()

    class Counting:
        def send(self, to_phone, body, *, key):
            with lock:
                sent.append(to_phone)
            return Sent(provider_message_id=None)

    monkeypatch.setattr(delivery, "channel_from_config", lambda config: Counting())
    monkeypatch.setitem(committed_app.extensions, "outbox_dispatch", lambda ids: None)
    phones = [next_phone() for _ in range(30)]
    with committed_app.app_context():
        for phone in phones:
            queue_message(phone, "password_changed", language="en")
        db.session.commit()

    def deliverer(_):
        with committed_app.app_context():
            return delivery.deliver_due()

    counts = run_together(4, deliverer)
    assert sum(counts) == 30
    assert sorted(sent) == sorted(phones)
    with committed_app.app_context():
        statuses = db.session.scalars(sa.select(OutboxMessage.status)).all()
    assert set(statuses) == {OutboxStatus.SENT}
