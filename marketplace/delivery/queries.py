"""Reads of delivery slots."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db


def get_slot(slot_id: int) -> DeliverySlot | None:
    return db.session.get(DeliverySlot, slot_id)


def list_slots(sub_division_id: int) -> sa.Select:
    """Every slot of the sub-division, active or not, by time of day."""
    return (sa.select(DeliverySlot).where(DeliverySlot.sub_division_id == sub_division_id)
            .order_by(DeliverySlot.is_active.desc(), DeliverySlot.starts_at, DeliverySlot.id))
