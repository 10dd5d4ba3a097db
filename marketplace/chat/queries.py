"""Reads of the assistant: which sub-division a number serves, what residents sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.chat.models import Conversation, InboundMessage
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage, Via
from marketplace.places.models import SubDivision


def get_sub_division_for_number(phone_number_id: str) -> SubDivision | None:
    """The sub-division whose WhatsApp number this is; on a site with a single sub-division,
    that one whatever the number; else None (a number nobody set up)."""
    if phone_number_id:
        found = db.session.scalar(sa.select(SubDivision).where(
            SubDivision.whatsapp_phone_number_id == phone_number_id))
        if found is not None:
            return found
    only = db.session.scalars(sa.select(SubDivision).order_by(SubDivision.id).limit(2)).all()
    return only[0] if len(only) == 1 else None


def list_messages_from(sub_division_id: int, phone: str) -> sa.Select:
    """A sender's messages to a sub-division's number, oldest first."""
    return (sa.select(InboundMessage)
            .where(InboundMessage.sub_division_id == sub_division_id,
                   InboundMessage.from_phone == phone)
            .order_by(InboundMessage.created_at, InboundMessage.id))


@dataclass(frozen=True)
class Said:
    """One message of a WhatsApp thread: the resident's (`is_inbound`) or ours."""

    at: datetime
    is_inbound: bool
    text: str | None
    #: ours: the Cloud API message (buttons, a list) beside its numbered text
    payload: dict | None = None
    #: the resident's: WhatsApp's type (text, interactive, image…)
    message_type: str = "text"


def list_thread(phone: str, *, sub_division_id: int | None = None,
                limit: int = 40) -> list[Said]:
    """The last `limit` messages between a phone and the assistant, oldest first: what it
    sent and every WhatsApp message queued to it, to and from one sub-division's number or
    (None) any. Two queries."""
    inbound = (sa.select(InboundMessage.created_at, InboundMessage.text,
                         InboundMessage.message_type)
               .where(InboundMessage.from_phone == phone)
               .order_by(InboundMessage.created_at.desc(), InboundMessage.id.desc())
               .limit(limit))
    outbound = (sa.select(OutboxMessage.created_at, OutboxMessage.body, OutboxMessage.payload)
                .where(OutboxMessage.to_phone == phone, OutboxMessage.via == Via.WHATSAPP)
                .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                .limit(limit))
    if sub_division_id is not None:
        inbound = inbound.where(InboundMessage.sub_division_id == sub_division_id)
        outbound = outbound.where(OutboxMessage.sub_division_id == sub_division_id)
    inbound, outbound = db.session.execute(inbound), db.session.execute(outbound)
    said = [Said(at, True, text, message_type=kind) for at, text, kind in inbound]
    said += [Said(at, False, body, payload) for at, body, payload in outbound]
    # A reply is queued in the transaction that records its message: same moment or later.
    said.sort(key=lambda message: (message.at, not message.is_inbound))
    return said[-limit:]


def get_number_of(sub_division: SubDivision) -> str | None:
    """The WhatsApp number id that reaches `sub_division`'s assistant: its own; "" on a site
    with a single sub-division (every number serves it); None when nothing reaches it."""
    if sub_division.whatsapp_phone_number_id:
        return sub_division.whatsapp_phone_number_id
    return "" if get_sub_division_for_number("") is sub_division else None


def last_message_at(sub_division_id: int, phone: str) -> datetime | None:
    """When the sender last wrote to the sub-division's number (WhatsApp's 24 hours run
    from here)."""
    return db.session.scalar(
        sa.select(sa.func.max(InboundMessage.created_at))
        .where(InboundMessage.sub_division_id == sub_division_id,
               InboundMessage.from_phone == phone))


def get_conversation(conversation_id: int) -> Conversation | None:
    return db.session.get(Conversation, conversation_id)


def list_conversations(scope: int | None) -> sa.Select:
    """Conversations of a sub-division (None: every one), with the sender's account: those
    handed to staff first, the longest waiting on top; then the others, the newest message
    first."""
    waiting = Conversation.handed_to_staff_at.is_not(None)
    query = (sa.select(Conversation).options(selectinload(Conversation.account))
             .order_by(sa.case((waiting, 0), else_=1), Conversation.handed_to_staff_at,
                       Conversation.last_message_at.desc(), Conversation.id.desc()))
    return query if scope is None else query.where(Conversation.sub_division_id == scope)


def count_handed_to_staff(scope: int | None) -> int:
    """Conversations waiting for the office, in a sub-division (None: every one)."""
    query = sa.select(sa.func.count(Conversation.id)).where(
        Conversation.handed_to_staff_at.is_not(None))
    if scope is not None:
        query = query.where(Conversation.sub_division_id == scope)
    return db.session.scalar(query)
