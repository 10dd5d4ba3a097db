"""Reads of the assistant: which sub-division a number serves, what residents sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from marketplace.chat.models import InboundMessage
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


def list_thread(phone: str, *, limit: int = 40) -> list[Said]:
    """The last `limit` messages between a phone and the assistant, oldest first: what it
    sent (any sub-division's number) and every WhatsApp message queued to it. Two queries."""
    inbound = db.session.execute(
        sa.select(InboundMessage.created_at, InboundMessage.text, InboundMessage.message_type)
        .where(InboundMessage.from_phone == phone)
        .order_by(InboundMessage.created_at.desc(), InboundMessage.id.desc()).limit(limit))
    outbound = db.session.execute(
        sa.select(OutboxMessage.created_at, OutboxMessage.body, OutboxMessage.payload)
        .where(OutboxMessage.to_phone == phone, OutboxMessage.via == Via.WHATSAPP)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit))
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
