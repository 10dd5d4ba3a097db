"""Messages are written with the change that caused them, delivered after commit, retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import DeliveryError, Sent
from marketplace.notify.models import OutboxMessage, OutboxStatus, Via
from marketplace.notify.services import queue_message
from tests.helpers import next_phone


class RecordingChannel:
    def __init__(self, fail_times: int = 0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.keys: list[str] = []
        self.fail_times = fail_times

    def send(self, to_phone: str, body: str, *, key: str) -> Sent:
        self.keys.append(key)
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
    db.session.commit()
    assert "sign-in code is 123456" in channel.sent[0][1]
    assert "123456" in channel.sent[1][1] and channel.sent[1][1] != channel.sent[0][1]
    assert any("\u0900" <= ch <= "\u097f" for ch in hindi.body)
    assert "sign-in code is ••••••" in english.body


def test_a_composed_whatsapp_reply_keeps_its_text_and_its_buttons(channel):
    buttons = {"type": "interactive", "interactive": {"type": "button", "body": {"text": "?"}}}
    reply = queue_message(next_phone(), "chat_reply", language="hi", via=Via.WHATSAPP,
                          body="1. हाँ\n2. नहीं", payload=buttons)
    plain = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    db.session.expire_all()
    assert (reply.via, reply.body, reply.payload) == (Via.WHATSAPP, "1. हाँ\n2. नहीं", buttons)
    assert (plain.via, plain.payload) == (Via.SMS, None)


def test_a_failed_send_is_retried_after_a_growing_wait(channel):
    channel.fail_times = 2
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.last_error == "gateway answered 503"
    first_wait = message.next_attempt_at - utcnow()
    assert timedelta(seconds=1) < first_wait <= timedelta(seconds=5)

    assert delivery.deliver_due() == 0  # not due yet
    later = utcnow() + timedelta(minutes=1)
    assert delivery.deliver_message(message.id, now=later) is False
    db.session.refresh(message)
    assert message.attempts == 2
    assert message.next_attempt_at - later > first_wait  # backed off further

    assert delivery.deliver_message(message.id, now=later + timedelta(minutes=5)) is True
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.last_error is None


def test_a_message_that_keeps_failing_for_a_day_goes_to_the_dead_letter_list(app, channel):
    channel.fail_times = 10_000
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    moment = utcnow()
    for _ in range(12):  # a 15-minute outage no longer loses the message (it was 6 tries)
        moment += timedelta(minutes=1)
        delivery.deliver_message(message.id, now=moment)
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.attempts == 13
    moment += app.config["OUTBOX_GIVE_UP_AFTER"]
    delivery.deliver_message(message.id, now=moment)
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED
    assert delivery.deliver_message(message.id, now=moment + timedelta(days=1)) is False


def test_a_message_left_sending_by_a_crashed_deliverer_is_taken_over(channel):
    message = OutboxMessage(to_phone=next_phone(), kind="password_changed", language="en",
                            body="hello", status=OutboxStatus.SENDING, attempts=1,
                            claimed_at=utcnow() - timedelta(seconds=10))
    db.session.add(message)
    db.session.flush()
    assert delivery.deliver_message(message.id) is False  # still leased
    assert delivery.deliver_message(message.id, now=utcnow() + timedelta(minutes=1)) is True


def test_an_unexpected_channel_crash_does_not_break_the_request(monkeypatch):
    class Exploding:
        def send(self, to_phone, body, *, key):
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


def test_every_attempt_of_a_message_carries_its_outbox_id_as_the_idempotency_key(channel):
    channel.fail_times = 2
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    moment = utcnow()
    for _ in range(3):
        moment += timedelta(minutes=1)
        delivery.deliver_message(message.id, now=moment)
    assert channel.keys == [f"outbox-{message.id}"] * 3


def test_the_wait_between_tries_is_capped_so_a_recovered_gateway_is_used_within_a_minute(
        app, channel):
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4, 50)] == [5, 10, 20, 30, 30]
    channel.fail_times = 100
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    moment = utcnow()
    for _ in range(30):  # a long outage
        db.session.refresh(message)
        moment = max(moment, message.next_attempt_at)
        delivery.deliver_message(message.id, now=moment)
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING
    assert message.next_attempt_at - moment <= app.config["OUTBOX_BACKOFF_CAP"]


def test_a_gateway_that_refuses_the_request_sends_it_to_the_dead_letter_list_at_once(
        monkeypatch):
    class Refusing:
        def send(self, to_phone, body, *, key):
            raise DeliveryError("gateway answered 401", permanent=True)

    monkeypatch.setattr(delivery, "channel_from_config", lambda config: Refusing())
    message = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    db.session.refresh(message)
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert message.last_error == "gateway answered 401"


def test_a_code_not_sent_before_it_expires_is_never_sent_late(app, channel):
    channel.fail_times = 1
    message = queue_message(next_phone(), "sign_in_code", language="en", code="246810")
    db.session.commit()
    db.session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.secret == "246810"
    assert "246810" not in message.body
    late = message.created_at + app.config["ONE_TIME_CODE_TTL"] + timedelta(seconds=1)
    assert delivery.deliver_message(message.id, now=late) is False
    db.session.refresh(message)
    assert message.status is OutboxStatus.EXPIRED and message.secret is None
    assert channel.sent == []


def test_a_sent_code_is_kept_only_masked(channel):
    phone = next_phone()
    message = queue_message(phone, "worker_consent_code", language="hi", operator="CSC ••••••",
                            work="Mason", code="975310")
    db.session.commit()
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.secret is None
    assert "975310" not in message.body and message.body.endswith("••••••")
    sent_text = channel.sent[0][1]
    assert sent_text.endswith("975310") and "CSC ••••••" in sent_text


def test_flask_outbox_redrive_sends_the_dead_letters_again(app, channel):
    message = queue_message(next_phone(), "password_changed", language="en")
    message.status = OutboxStatus.FAILED
    db.session.info.pop("outbox_new_ids", None)
    db.session.commit()
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["outbox", "dead-letters"])
    assert f"{message.id}\tpassword_changed" in listing.output
    assert "1 message(s) on the dead-letter list" in listing.output
    assert runner.invoke(args=["outbox", "redrive"]).exit_code != 0  # ids or --all
    result = runner.invoke(args=["outbox", "redrive", str(message.id)])
    assert result.exit_code == 0, result.output
    assert "1 message(s) queued again; 0 left on the dead-letter list" in result.output
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT and len(channel.sent) == 1


def test_flask_outbox_prune_deletes_old_sent_and_expired_messages_only(app, channel):
    old_sent = queue_message(next_phone(), "password_changed", language="en")
    old_failed = queue_message(next_phone(), "password_changed", language="en")
    new_sent = queue_message(next_phone(), "password_changed", language="en")
    db.session.commit()
    old_failed.status = OutboxStatus.FAILED
    for message in (old_sent, old_failed):
        message.created_at = utcnow() - timedelta(days=91)
    db.session.commit()
    ids = old_sent.id, old_failed.id, new_sent.id
    result = app.test_cli_runner().invoke(args=["outbox", "prune"])
    assert "deleted 1 message(s) older than 90 days" in result.output
    db.session.expunge_all()
    left = set(db.session.scalars(sa.select(OutboxMessage.id)))
    assert ids[0] not in left and {ids[1], ids[2]} <= left
