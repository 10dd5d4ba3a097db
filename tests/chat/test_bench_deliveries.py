"""The deliveries `make bench-webhook` sends are ones the webhook takes, so the bench cannot
measure refusals: signed right, one message each, redeliveries repeated byte for byte."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from bench.webhook import make_deliveries, post
from marketplace.chat.models import InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.chat.payloads import APP_SECRET

pytestmark = pytest.mark.usefixtures("assistant", "nadaun")


def _deliveries(secret: str = APP_SECRET, **kwargs):
    return make_deliveries(40, secret=secret, senders=kwargs.pop("senders", 25),
                           redelivered=kwargs.pop("redelivered", 0.25),
                           rng=random.Random(kwargs.pop("seed", 3)), timestamp=1764790000)


def test_every_bench_delivery_is_acknowledged_and_each_message_is_answered_once(client):
    deliveries = _deliveries()
    distinct = {item.wamid for item in deliveries}
    assert len(distinct) < len(deliveries)  # some are redeliveries

    assert [post(client, item) for item in deliveries] == [200] * len(deliveries)

    recorded = db.session.execute(sa.select(InboundMessage.wamid, InboundMessage.reply_id,
                                            InboundMessage.text)).all()
    assert sorted(wamid for wamid, _, _ in recorded) == sorted(distinct)
    replies = [reply for _, reply, _ in recorded]
    assert None not in replies and len(set(replies)) == len(replies)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == len(replies)
    assert any(text == "प्लंबर चाहिए" for _, _, text in recorded)


def test_bench_deliveries_come_from_many_senders_and_repeat_only_recent_ones():
    deliveries = _deliveries(senders=2000, redelivered=0.1, seed=8)
    senders = {item.body.split(b'"from": "')[1][:12] for item in deliveries}
    assert len(senders) > 30
    for index, item in enumerate(deliveries):
        first = next(n for n, other in enumerate(deliveries) if other.wamid == item.wamid)
        assert deliveries[first].body == item.body and index - first <= 60


def test_a_bench_delivery_signed_with_another_secret_is_refused_and_writes_nothing(client):
    (item,) = make_deliveries(1, secret="not-the-app-secret", senders=5, redelivered=0,
                              rng=random.Random(1), timestamp=1764790000)

    assert post(client, item) == 403
    assert db.session.scalar(sa.select(sa.func.count(InboundMessage.id))) == 0
