"""Which slots a buyer may choose, taking a place in one, and the delivery terms.

A place in a slot is taken by one conditional upsert (`booked < capacity`, core.locks.bump), in
the caller's transaction, so the last place goes to exactly one checkout however many race for
it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from marketplace.core.audit import record_event
from marketplace.core.db import INDIA
from marketplace.core.errors import Conflict, InvalidInput, NotFound
from marketplace.core.locks import bump
from marketplace.delivery.errors import DeliveryError
from marketplace.delivery.models import DeliverySlot, DeliveryTerms, SlotLoad
from marketplace.extensions import db

DAYS_OFFERED = 7
MAX_CAPACITY = 1000
MAX_CUTOFF_MINUTES = 7 * 24 * 60
#: open cash-on-delivery orders one account may have, until staff set their own cap
DEFAULT_MAX_OPEN_CASH_ORDERS = 3
MAX_OPEN_CASH_ORDERS_LIMIT = 50


@dataclass(frozen=True)
class SlotChoice:
    slot: DeliverySlot
    day: date
    places_left: int

    @property
    def value(self) -> str:
        """How the choice travels in a form: '<slot id>:<ISO date>'."""
        return f"{self.slot.id}:{self.day.isoformat()}"

    @property
    def is_full(self) -> bool:
        return self.places_left <= 0


def parse_choice(value: str | None) -> tuple[int, date]:
    slot_id, _, day = (value or "").partition(":")
    try:
        return int(slot_id), date.fromisoformat(day)
    except ValueError as exc:
        raise InvalidInput(DeliveryError.SLOT) from exc


def starts_at(slot: DeliverySlot, day: date) -> datetime:
    return datetime.combine(day, slot.starts_at, tzinfo=INDIA)


def closes_at(slot: DeliverySlot, day: date) -> datetime:
    """The cut-off: after this, no more orders for that slot on that day."""
    return starts_at(slot, day) - timedelta(minutes=slot.cutoff_minutes)


def active_slots(sub_division_id: int) -> list[DeliverySlot]:
    return list(db.session.scalars(sa.select(DeliverySlot).where(
        DeliverySlot.sub_division_id == sub_division_id, DeliverySlot.is_active)
        .order_by(DeliverySlot.starts_at, DeliverySlot.id)))


def offered_choices(sub_division_id: int, now: datetime) -> list[SlotChoice]:
    """Every slot and day still open for orders in the coming week, full ones included
    (shown as full). Two queries whatever the number of slots."""
    slots = active_slots(sub_division_id)
    today = now.astimezone(INDIA).date()
    days = [today + timedelta(days=n) for n in range(DAYS_OFFERED + 1)]
    loads = {(load.slot_id, load.delivery_date): load.booked
             for load in db.session.scalars(sa.select(SlotLoad).where(
                 SlotLoad.slot_id.in_([s.id for s in slots]),
                 SlotLoad.delivery_date.between(days[0], days[-1])))} if slots else {}
    return [SlotChoice(slot, day, slot.capacity - loads.get((slot.id, day), 0))
            for day in days for slot in slots
            if slot.runs_on(day) and closes_at(slot, day) > now]


def take_place(sub_division_id: int, slot_id: int, day: date, now: datetime) -> DeliverySlot:
    """Book one place in the slot on that day, or raise what `offered_slot` and `book_place`
    raise."""
    slot = offered_slot(sub_division_id, slot_id, day, now)
    book_place(slot, day)
    return slot


def offered_slot(sub_division_id: int, slot_id: int, day: date, now: datetime) -> DeliverySlot:
    """The slot, if a buyer may choose it for that day (reads; takes nothing): else
    InvalidInput('slot') for a slot that is not offered, Conflict('slot_closed') after its
    cut-off."""
    slot = db.session.get(DeliverySlot, slot_id)
    today = now.astimezone(INDIA).date()
    if (slot is None or slot.sub_division_id != sub_division_id or not slot.is_active
            or not slot.runs_on(day) or day > today + timedelta(days=DAYS_OFFERED)):
        raise InvalidInput(DeliveryError.SLOT)
    if closes_at(slot, day) <= now:
        raise Conflict(DeliveryError.SLOT_CLOSED)
    return slot


def book_place(slot: DeliverySlot, day: date) -> None:
    """Take one of the slot's places on that day, or Conflict('slot_full'). One statement
    (the day's row is made by its first order); the row stays locked until commit, so a
    checkout calls this as late as it can."""
    if bump(SlotLoad, {"slot_id": slot.id, "delivery_date": day}, "booked",
            below=slot.capacity) is None:
        raise Conflict(DeliveryError.SLOT_FULL)


def give_back_place(slot_id: int, day: date) -> None:
    db.session.execute(
        sa.update(SlotLoad)
        .where(SlotLoad.slot_id == slot_id, SlotLoad.delivery_date == day, SlotLoad.booked > 0)
        .values(booked=SlotLoad.booked - 1)
        .execution_options(synchronize_session=False))


def terms_of(sub_division_id: int) -> DeliveryTerms:
    """The sub-division's charges; the defaults until staff set their own."""
    terms = db.session.get(DeliveryTerms, sub_division_id)
    if terms is None:
        terms = DeliveryTerms(sub_division_id=sub_division_id, charge_paise=3000,
                              free_from_paise=50000, minimum_order_paise=0,
                              max_open_cash_orders=DEFAULT_MAX_OPEN_CASH_ORDERS)
    return terms


def save_terms(sub_division_id: int, *, charge_paise: int, free_from_paise: int | None,
               minimum_order_paise: int, actor_id: int,
               max_open_cash_orders: int = DEFAULT_MAX_OPEN_CASH_ORDERS) -> DeliveryTerms:
    if not 0 <= charge_paise <= 100000 or minimum_order_paise < 0 or (
            free_from_paise is not None and free_from_paise <= 0):
        raise InvalidInput(DeliveryError.TERMS)
    if not 1 <= max_open_cash_orders <= MAX_OPEN_CASH_ORDERS_LIMIT:
        raise InvalidInput(DeliveryError.MAX_OPEN_CASH_ORDERS)
    terms = db.session.get(DeliveryTerms, sub_division_id)
    if terms is None:
        terms = DeliveryTerms(sub_division_id=sub_division_id)
        db.session.add(terms)
    terms.charge_paise, terms.free_from_paise = charge_paise, free_from_paise
    terms.minimum_order_paise, terms.updated_by_id = minimum_order_paise, actor_id
    terms.max_open_cash_orders = max_open_cash_orders
    record_event("delivery.terms_changed", actor_id=actor_id, subject_type="sub_division",
                 subject_id=sub_division_id, sub_division_id=sub_division_id,
                 data={"charge_paise": charge_paise, "free_from_paise": free_from_paise,
                       "minimum_order_paise": minimum_order_paise,
                       "max_open_cash_orders": max_open_cash_orders})
    db.session.flush()
    return terms


@dataclass
class SlotDetails:
    weekdays: str
    starts_at: time
    ends_at: time
    capacity: int
    cutoff_minutes: int
    is_active: bool = True


def _check_slot(details: SlotDetails) -> None:
    days = details.weekdays
    if not days or len(set(days)) != len(days) or not set(days) <= set("1234567"):
        raise InvalidInput(DeliveryError.SLOT_WEEKDAYS)
    if details.ends_at <= details.starts_at:
        raise InvalidInput(DeliveryError.SLOT_WINDOW)
    if not 0 < details.capacity <= MAX_CAPACITY:
        raise InvalidInput(DeliveryError.SLOT_CAPACITY)
    if not 0 <= details.cutoff_minutes <= MAX_CUTOFF_MINUTES:
        raise InvalidInput(DeliveryError.SLOT_CUTOFF)


def save_slot(sub_division_id: int, details: SlotDetails, *, actor_id: int,
              slot_id: int | None = None) -> DeliverySlot:
    """Add a slot, or change one of this sub-division's (places already taken stay)."""
    _check_slot(details)
    if slot_id is None:
        slot = DeliverySlot(sub_division_id=sub_division_id)
        db.session.add(slot)
    else:
        slot = db.session.get(DeliverySlot, slot_id)
        if slot is None or slot.sub_division_id != sub_division_id:
            raise NotFound(DeliveryError.SLOT)
    slot.weekdays = "".join(sorted(details.weekdays))
    slot.starts_at, slot.ends_at = details.starts_at, details.ends_at
    slot.capacity, slot.cutoff_minutes = details.capacity, details.cutoff_minutes
    slot.is_active = details.is_active
    db.session.flush()
    record_event("delivery.slot_saved", actor_id=actor_id, subject_type="delivery_slot",
                 subject_id=slot.id, sub_division_id=sub_division_id,
                 data={"weekdays": slot.weekdays, "starts_at": slot.starts_at.isoformat(),
                       "ends_at": slot.ends_at.isoformat(), "capacity": slot.capacity,
                       "cutoff_minutes": slot.cutoff_minutes, "active": slot.is_active})
    return slot
