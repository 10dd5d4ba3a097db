"""What residents sent to the sub-division's WhatsApp number (each message once), and where
each sender's conversation with the assistant stands."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import Created, OfSubDivision, UTCDateTime
from marketplace.extensions import db

#: the longest text kept of one message (WhatsApp allows 4,096 characters)
TEXT_LIMIT = 1000
#: a conversation left this long starts again from the menu
CONVERSATION_TTL = timedelta(minutes=30)
#: WhatsApp message ids ("wamid.HBgM…") are about 60 characters; room for longer ones
WAMID_LIMIT = 128


class InboundMessage(OfSubDivision, Created, db.Model):
    """One message from a resident, recorded by its WhatsApp id in the same transaction as
    the reply it causes: a redelivered message finds its id taken and causes nothing."""

    __tablename__ = "chat_inbound_messages"

    #: WhatsApp's message id; Meta redelivers for days, so this is the deduplication key
    wamid: Mapped[str] = mapped_column(sa.String(WAMID_LIMIT), unique=True)
    #: the sender, E.164 (+919816012345)
    from_phone: Mapped[str] = mapped_column(sa.String(16))
    #: the business number it was sent to (Meta's phone_number_id)
    phone_number_id: Mapped[str] = mapped_column(sa.String(32))
    #: WhatsApp's message type: text, interactive, image, audio, location…
    message_type: Mapped[str] = mapped_column(sa.String(24))
    #: the words, cleaned (no control characters, Aadhaar-like numbers masked, capped);
    #: None for messages without text
    text: Mapped[str | None] = mapped_column(sa.Text)
    #: the language the assistant answered in ('hi' or 'en')
    language: Mapped[str] = mapped_column(sa.String(2))
    #: when the resident sent it (WhatsApp's timestamp); None when it gave none
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the reply queued for it
    reply_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_messages.id", ondelete="SET NULL"))

    __table_args__ = (
        sa.Index("ix_chat_inbound_messages_sender", "sub_division_id", "from_phone",
                 "created_at"),
    )


class Conversation(OfSubDivision, Created, db.Model):
    """Where one sender stands with the assistant of one sub-division: the step awaiting an
    answer and what was chosen so far. Short-lived: past CONVERSATION_TTL without a message
    it starts again from the menu (chat/conversation.py)."""

    __tablename__ = "chat_conversations"

    #: the sender, E.164
    phone: Mapped[str] = mapped_column(sa.String(16))
    #: 'hi' or 'en': the account's or guessed from the first message; switched on request
    language: Mapped[str] = mapped_column(sa.String(2))
    #: the question awaiting an answer (a name from chat/flows, e.g. "find.place")
    step: Mapped[str] = mapped_column(sa.String(32), default="menu")
    #: what the steps so far chose: ids and dates only, never typed text
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: the last message from the sender (the 30 minutes run from here)
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: set when the sender asked to talk to the office; staff answer from then on
    handed_to_staff_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: the sender's account, if the number has one
    account: Mapped[User | None] = relationship(
        primaryjoin="foreign(Conversation.phone) == User.phone", viewonly=True)

    __table_args__ = (
        sa.UniqueConstraint("sub_division_id", "phone"),
        sa.Index("ix_chat_conversations_handed", "sub_division_id", "handed_to_staff_at"),
    )

    @property
    def is_handed_to_staff(self) -> bool:
        return self.handed_to_staff_at is not None
