"""Reads of bookings and reviews."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from marketplace.bookings.models import ACTIVE_STATUSES, Booking, BookingStatus
from marketplace.extensions import db
from marketplace.workers.models import Review, WorkerProfile


def _with_parts(query: sa.Select) -> sa.Select:
    return query.options(
        joinedload(Booking.worker).joinedload(WorkerProfile.main_category),
        joinedload(Booking.worker).joinedload(WorkerProfile.user),
        joinedload(Booking.village),
        joinedload(Booking.review),
    )


def get_booking(booking_id: int) -> Booking | None:
    return db.session.scalar(_with_parts(sa.select(Booking).where(Booking.id == booking_id)))


def list_bookings_of_resident(user_id: int) -> sa.Select:
    return _with_parts(sa.select(Booking).where(Booking.resident_id == user_id)
                       .order_by(Booking.work_date.desc(), Booking.id.desc()))


def list_bookings_of_phone(sub_division_id: int, phone: str, user_id: int | None) -> sa.Select:
    """A sub-division's bookings of the person with this phone: made by their account, or
    with this phone as the contact (a helpline booking). Newest first."""
    mine = Booking.contact_phone == phone
    if user_id is not None:
        mine = sa.or_(mine, Booking.resident_id == user_id)
    return _with_parts(sa.select(Booking).where(Booking.sub_division_id == sub_division_id, mine)
                       .order_by(Booking.created_at.desc(), Booking.id.desc()))


def list_bookings_of_worker(worker_id: int, *, live: bool) -> sa.Select:
    statuses = ACTIVE_STATUSES if live else tuple(
        s for s in BookingStatus if s not in ACTIVE_STATUSES)
    order = Booking.work_date if live else Booking.work_date.desc()
    return _with_parts(sa.select(Booking).where(Booking.worker_id == worker_id,
                                                Booking.status.in_(statuses))
                       .order_by(order, Booking.slot, Booking.id))


def list_bookings_of_sub_division(sub_division_id: int | None) -> sa.Select:
    query = sa.select(Booking).order_by(Booking.work_date.desc(), Booking.id.desc())
    if sub_division_id is not None:
        query = query.where(Booking.sub_division_id == sub_division_id)
    return _with_parts(query)


def earnings_of_worker(worker_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Booking.amount_paise), 0))
        .where(Booking.worker_id == worker_id, Booking.status == BookingStatus.COMPLETED)
    )


def list_approval_rows(sub_division_id: int | None) -> sa.Select:
    """The panel's approval queue rows of reviews a worker flagged, not yet hidden or cleared
    (None: every sub-division): kind, id, since, village_id (the booking's), title_en,
    title_hi (the worker's name), change ("flagged")."""
    query = (
        sa.select(
            sa.literal("review").label("kind"), Review.id.label("id"),
            Review.flagged_at.label("since"), Booking.village_id.label("village_id"),
            WorkerProfile.display_name.label("title_en"),
            WorkerProfile.display_name.label("title_hi"), sa.literal("flagged").label("change"))
        .join(Booking, Review.booking_id == Booking.id)
        .join(WorkerProfile, Review.worker_id == WorkerProfile.id)
        .where(Review.flagged_at.is_not(None), Review.is_hidden.is_(False))
    )
    if sub_division_id is not None:
        query = query.where(Booking.sub_division_id == sub_division_id)
    return query
