"""With Redis configured, committed message ids go to an RQ queue and a worker delivers them."""

from __future__ import annotations

import os

import pytest
from redis import Redis
from rq import Queue, SimpleWorker

from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import Sent
from marketplace.notify.jobs import QUEUE_NAME, make_dispatcher
from marketplace.notify.models import OutboxStatus
from marketplace.notify.services import queue_message
from tests.helpers import next_phone


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("RQ delivery needs Redis (set TEST_REDIS_URL); .ci/run does")
    return url


def test_committed_messages_are_queued_for_rq_workers_who_deliver_them(app, redis_url,
                                                                     monkeypatch):
    connection = Redis.from_url(redis_url)
    queue = Queue(QUEUE_NAME, connection=connection)
    queue.empty()
    sent = []
    monkeypatch.setattr(delivery, "channel_from_config",
                        lambda config: type("C", (), {"send": lambda self, to, body, key: (
                            sent.append(to), Sent(None))[1]})())
    monkeypatch.setitem(app.config, "OUTBOX_DISPATCH", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.extensions, "outbox_dispatch", make_dispatcher(app))

    phone = next_phone()
    message = queue_message(phone, "password_changed", language="en")
    db.session.commit()
    assert queue.count == 1 and sent == []  # handed over, not sent in the request

    SimpleWorker([queue], connection=connection).work(burst=True)
    assert sent == [phone]
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT


def test_if_redis_is_down_the_message_waits_for_the_next_delivery_round(app, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_DISPATCH", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.extensions, "outbox_dispatch", make_dispatcher(app))
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()  # must not raise
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING
