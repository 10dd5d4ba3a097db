"""Builders for the reports' worked examples: workers, orders and bookings at chosen times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.bookings.models import Booking, BookingStatus, Slot
from marketplace.bookings.services import BookingRequest, request_booking
from marketplace.core.db import INDIA
from marketplace.delivery.models import DeliveryTerms
from marketplace.delivery.services import MAX_OPEN_CASH_ORDERS_LIMIT
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus, PartStatus
from marketplace.places.models import Block, SubDivision, Village
from marketplace.places.services import ensure_block, ensure_panchayat, ensure_village
from marketplace.reports.rollup import refresh_order
from marketplace.shg.models import SHGMember
from marketplace.workers.models import Review, WorkerCategory, WorkerProfile
from tests.helpers import first_village, make_user, make_worker, place_order

#: the worked example's two ISO weeks: Monday 2 March to Sunday 15 March 2026
START, END = date(2026, 3, 2), date(2026, 3, 15)
RANGE = "from=2026-03-02&to=2026-03-15"


def at(day: str, clock: str) -> datetime:
    """A moment given in India time, as the aware UTC datetime the database keeps."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=INDIA).astimezone(UTC)


def second_block(sub_division: SubDivision, name: str = "Galore") -> Village:
    """A second block of the sub-division, with one village (returned)."""
    block = ensure_block(sub_division, name_en=name, name_hi=name + " खंड")
    panchayat = ensure_panchayat(block, name_en=f"{name} GP", name_hi=f"{name} पंचायत")
    return ensure_village(panchayat, name_en=f"{name} Village", name_hi=f"{name} गाँव",
                          latitude=31.7, longitude=76.3)


def block_of(village: Village) -> Block:
    return db.session.get(Block, village.block_id)


def category(slug: str) -> WorkerCategory:
    return db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == slug))


def registered(sub_division: SubDivision, when: datetime, *, category: str = "plumber",
               village: Village | None = None, status=None, name: str = "Worker") -> WorkerProfile:
    worker = make_worker(sub_division, name=name, category=category, status=status,
                         village=village or first_village(sub_division))
    worker.created_at = when
    db.session.flush()
    return worker


def ordered(buyer, wanted: dict, *, placed: datetime, delivery: date,
            status: OrderStatus = OrderStatus.PLACED, slot=None) -> Order:
    """An order checked out normally, then moved to the given times and status (the report
    reads only these columns). Report data give one buyer many open orders: the cash cap is
    lifted to its maximum for the sub-division."""
    sub_division_id = next(iter(wanted)).sub_division_id
    terms = db.session.get(DeliveryTerms, sub_division_id)
    if terms is None:
        terms = DeliveryTerms(sub_division_id=sub_division_id, charge_paise=3000,
                              free_from_paise=50000, minimum_order_paise=0)
        db.session.add(terms)
    terms.max_open_cash_orders = MAX_OPEN_CASH_ORDERS_LIMIT
    order = place_order(buyer, wanted, slot=slot)
    order.created_at, order.delivery_date, order.status = placed, delivery, status
    if status is OrderStatus.CANCELLED:
        for part in order.parts:
            part.status = PartStatus.CANCELLED
    db.session.flush()
    refresh_order(order.id)  # what the services do on each write, for the columns moved here
    return order


def booked(worker: WorkerProfile, when: datetime, status: BookingStatus, *,
           rating: int | None = None, hidden: bool = False, work_day: int = 0) -> Booking:
    """A booking asked for at `when`, in `status`, with a review of `rating` stars then."""
    resident = make_user(Role.RESIDENT, name="Resident")
    work_date = when.astimezone(INDIA).date() + timedelta(days=1 + work_day)
    booking = request_booking(worker, BookingRequest(
        work_date=work_date, slot=Slot.MORNING, village_id=worker.home_village_id,
        address="House 3", description="Work"), actor=resident,
        today=work_date - timedelta(days=1))
    booking.created_at, booking.status = when, status
    if rating is not None:
        db.session.add(Review(booking_id=booking.id, worker_id=worker.id, author_id=resident.id,
                              rating=rating, is_hidden=hidden, created_at=when))
    db.session.flush()
    return booking


def add_member(group, name: str = "Member") -> SHGMember:
    member = SHGMember(group_id=group.id, user_id=make_user(name=name).id)
    db.session.add(member)
    db.session.flush()
    return member
