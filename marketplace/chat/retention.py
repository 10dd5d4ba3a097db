"""How long what residents wrote to the assistant is kept: transcripts older than the
configured days are deleted with the WhatsApp replies to them (`flask chat purge`, nightly)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from marketplace.chat.models import Conversation, InboundMessage
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, OutboxStatus, Via

#: the outbox kinds of the assistant's replies (a reply sent again by SMS keeps its kind)
REPLY_KIND_PREFIX = "chat_"


@dataclass(frozen=True)
class Purged:
    received: int
    replies: int
    conversations: int = 0


def purge_transcripts(*, older_than: timedelta, now: datetime | None = None) -> Purged:
    """Delete messages received more than `older_than` ago and the assistant's messages of
    that age: the replies to them, every WhatsApp message and every `chat_…` message (an SMS
    sent instead); and conversations idle that long; flushes. Messages still waiting to be
    sent are left to their deliverer."""
    cutoff = (now or utcnow()) - older_than
    old_inbound = InboundMessage.created_at < cutoff
    reply_ids = sa.select(InboundMessage.reply_id).where(
        old_inbound, InboundMessage.reply_id.is_not(None)).scalar_subquery()
    replies = db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.not_in([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            sa.or_(OutboxMessage.id.in_(reply_ids),
                   sa.and_(OutboxMessage.created_at < cutoff,
                           sa.or_(OutboxMessage.via == Via.WHATSAPP,
                                  OutboxMessage.kind.startswith(REPLY_KIND_PREFIX,
                                                                autoescape=True)))))
        .execution_options(synchronize_session=False)).rowcount
    received = db.session.execute(
        sa.delete(InboundMessage).where(old_inbound)
        .execution_options(synchronize_session=False)).rowcount
    conversations = db.session.execute(
        sa.delete(Conversation).where(Conversation.last_message_at < cutoff)
        .execution_options(synchronize_session=False)).rowcount
    return Purged(received=received, replies=replies, conversations=conversations)
