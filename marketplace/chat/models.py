"""What residents sent to the sub-division's WhatsApp number, each message once."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, OfSubDivision, UTCDateTime
from marketplace.extensions import db

#: the longest text kept of one message (WhatsApp allows 4,096 characters)
TEXT_LIMIT = 1000
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
