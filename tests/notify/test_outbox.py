"""Messages are written with the change that caused them, delivered after commit, retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import DeliveryError, Sent
from marketplace.notify.models import OutboxMessage, OutboxStatus
from marketplace.notify.services import queue_message
from tests.helpers import next_phone


class RecordingChannel:
    def __init__(self, fail_times: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.fail_times = fail_times

    def send(self, to_phone: str, body: str) -> Sent:
        if self.fail_times:
            self.fail_times -= 1
            raise DeliveryError("gateway answered 503")
        self.sent.append((to_phone, body))
        return Sent(provider_message_id=f"wamid.{len(self.sent)}")


@pytest.fixture
def channel(monkeypatch) -> RecordingChannel:
    recording = RecordingChannel()
    monkeypatch.setattr(delivery, "channel_from_config", lambda config: recording)
    return recording


def test_a_committed_message_is_delivered_right_after_the_commit(channel):
    phone = next_phone()
    message = queue_message(phone, "password_changed", language="en")
    assert channel.sent == []  # nothing leaves before the commit
    db.session.commit()
    assert channel.sent == [(phone, message.body)]
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT
    assert message.provider_message_id == "wamid.1" and message.sent_at is not None


def test_a_rolled_back_message_is_never_sent(channel):
    phone = next_phone()
    queue_message(phone, "password_changed", language="en")
    db.session.rollback()
    db.session.commit()
    assert channel.sent == []
    assert db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_phone == phone)).all() == []


def test_a_savepoint_released_or_rolled_back_does_not_send_or_drop_the_outer_messages(
        channel):
    phone = next_phone()
    message = queue_message(phone, "password_changed", language="en")
    with db.session.begin_nested():
        pass
    with pytest.raises(RuntimeError), db.session.begin_nested():
        raise RuntimeError("undone")
    assert channel.sent == []  # nothing leaves before the outer commit
    db.session.commit()
    assert channel.sent == [(phone, message.body)]


def test_the_text_is_in_the_recipients_language(channel):
    english = queue_message(next_phone(), "sign_in_code", language="en", code="123456")
    hindi = queue_message(next_phone(), "sign_in_code", language="hi", code="123456")
    assert "sign-in code is 123456" in english.body
    assert "123456" in hindi.body and hindi.body != english.body
    assert any("\u0900" <= ch <= "\u097f" for ch in hindi.body)


def test_a_failed_send_is_retried_after_a_growing_wait(channel):
    channel.fail_times = 2
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.last_error == "gateway answered 503"
    first_wait = message.next_attempt_at - utcnow()
    assert timedelta(seconds=20) < first_wait <= timedelta(seconds=30)

    assert delivery.deliver_due() == 0  # not due yet
    later = utcnow() + timedelta(minutes=1)
    assert delivery.deliver_message(message.id, now=later) is False
    db.session.refresh(message)
    assert message.attempts == 2
    assert message.next_attempt_at - later > first_wait  # backed off further

    assert delivery.deliver_message(message.id, now=later + timedelta(minutes=5)) is True
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.last_error is None


def test_a_message_that_keeps_failing_is_marked_failed(app, channel):
    channel.fail_times = 100
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    moment = utcnow()
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        moment += timedelta(hours=2)
        delivery.deliver_message(message.id, now=moment)
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == app.config["OUTBOX_MAX_ATTEMPTS"]
    assert delivery.deliver_message(message.id, now=moment + timedelta(days=1)) is False


def test_a_message_left_sending_by_a_crashed_deliverer_is_taken_over(channel):
    message = OutboxMessage(to_phone=next_phone(), kind="password_changed", language="en",
                            body="hello", status=OutboxStatus.SENDING, attempts=1,
                            claimed_at=utcnow() - timedelta(minutes=1))
    db.session.add(message)
    db.session.flush()
    assert delivery.deliver_message(message.id) is False  # still leased
    assert delivery.deliver_message(message.id, now=utcnow() + timedelta(minutes=6)) is True


def test_an_unexpected_channel_crash_does_not_break_the_request(monkeypatch):
    class Exploding:
        def send(self, to_phone, body):
            raise RuntimeError("boom")

    monkeypatch.setattr(delivery, "channel_from_config", lambda config: Exploding())
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()  # must not raise
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.last_error == "RuntimeError"


def test_flask_outbox_deliver_sends_what_is_due(app, channel, monkeypatch):
    # Queue without the after-commit dispatcher, as if the process had died.
    monkeypatch.setitem(app.extensions, "outbox_dispatch", lambda ids: None)
    phone = next_phone()
    queue_message(phone, "password_changed", language="en")
    db.session.commit()
    assert channel.sent == []
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 1 message(s)" in result.output
    assert [to for to, _ in channel.sent] == [phone]
