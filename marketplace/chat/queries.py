"""Reads of the assistant: which sub-division a number serves, what residents sent."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.chat.models import InboundMessage
from marketplace.extensions import db
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
