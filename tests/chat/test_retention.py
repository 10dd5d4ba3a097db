"""`flask chat purge` deletes transcripts older than the configured days, with the
assistant's replies to them, and nothing newer or still waiting to be sent."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.chat.models import Conversation, InboundMessage
from marketplace.chat.retention import purge_transcripts
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, OutboxStatus, Via
from marketplace.notify.services import queue_message
from tests.helpers import make_sub_division, next_phone

NOW = utcnow().replace(year=2026, month=6, day=15, hour=12)


def _exchange(sub_division, *, days_ago: int, wamid: str, status=OutboxStatus.SENT, now=NOW):
    """A message received `days_ago` and the reply to it (as the deliverer left it)."""
    at = now - timedelta(days=days_ago)
    phone = next_phone()
    reply = queue_message(phone, "chat_menu", language="hi", body="मेनू",
                          sub_division_id=sub_division.id, via=Via.WHATSAPP)
    reply.created_at, reply.status = at, status
    inbound = InboundMessage(sub_division_id=sub_division.id, wamid=wamid, from_phone=phone,
                             phone_number_id="1065", message_type="text", text="प्लंबर",
                             language="hi", reply_id=reply.id, created_at=at)
    db.session.add(inbound)
    db.session.info.pop("outbox_new_ids", None)  # not sent in this test
    db.session.flush()
    return inbound, reply


def _ids(model) -> set[int]:
    return set(db.session.scalars(sa.select(model.id)))


def test_transcripts_older_than_the_days_go_with_their_replies_and_newer_ones_stay():
    nadaun = make_sub_division()
    _, old_reply = _exchange(nadaun, days_ago=31, wamid="wamid.old")
    new_in, new_reply = _exchange(nadaun, days_ago=29, wamid="wamid.new")
    # an SMS sent again for an old WhatsApp reply, and an old message that is not the assistant's
    sms_again = queue_message(old_reply.to_phone, "chat_menu", language="hi", body="मेनू",
                              via=Via.SMS)
    password = queue_message(next_phone(), "password_changed", language="en")
    for message in (sms_again, password):
        message.created_at, message.status = NOW - timedelta(days=40), OutboxStatus.SENT
    db.session.info.pop("outbox_new_ids", None)
    db.session.flush()

    purged = purge_transcripts(older_than=timedelta(days=30), now=NOW)

    assert (purged.received, purged.replies) == (1, 2)
    db.session.expire_all()
    assert _ids(InboundMessage) == {new_in.id}
    assert _ids(OutboxMessage) == {new_reply.id, password.id}


def test_a_reply_still_waiting_to_be_sent_is_left_to_its_deliverer():
    _, waiting = _exchange(make_sub_division(), days_ago=45, wamid="wamid.waiting",
                           status=OutboxStatus.PENDING)
    purged = purge_transcripts(older_than=timedelta(days=30), now=NOW)
    assert (purged.received, purged.replies) == (1, 0)
    db.session.expire_all()
    assert _ids(OutboxMessage) == {waiting.id}


def said(received: int, replies: int, days: int) -> str:
    return (f"deleted {received} message(s) received, {replies} repl(ies) and 0 "
            f"conversation(s) older than {days} days")


def test_flask_chat_purge_prints_the_counts_and_takes_its_default_from_the_config(
        app, monkeypatch):
    nadaun = make_sub_division()
    # the command reads the real clock: the rows are dated from it
    _exchange(nadaun, days_ago=8, wamid="wamid.old", now=utcnow())
    kept, _ = _exchange(nadaun, days_ago=6, wamid="wamid.recent", now=utcnow())
    db.session.commit()
    monkeypatch.setitem(app.config, "CHAT_TRANSCRIPT_DAYS", 7)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["chat", "purge"])
    assert result.exit_code == 0, result.output
    assert said(1, 1, 7) in result.output
    assert _ids(InboundMessage) == {kept.id}
    assert said(0, 0, 7) in runner.invoke(
        args=["chat", "purge"]).output  # again: nothing left of that age
    again = runner.invoke(args=["chat", "purge", "--days", "5"])
    assert said(1, 1, 5) in again.output
    assert _ids(InboundMessage) == set()
    assert runner.invoke(args=["chat", "purge", "--days", "0"]).exit_code != 0


def test_conversations_idle_longer_than_the_days_are_deleted_and_recent_ones_stay():
    nadaun = make_sub_division()
    idle, recent = (Conversation(sub_division_id=nadaun.id, phone=next_phone(), language="hi",
                                 step="menu", data={}, last_message_at=NOW - timedelta(days=d))
                    for d in (31, 1))
    db.session.add_all([idle, recent])
    db.session.flush()
    purged = purge_transcripts(older_than=timedelta(days=30), now=NOW)
    assert purged.conversations == 1
    db.session.expire_all()
    assert _ids(Conversation) == {recent.id}
