"""Bookings of workers."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import Created, OfSubDivision, UTCDateTime, enum_column_type
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.workers.models import Review, WorkerProfile


class Slot(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


#: when each slot's work ends, in India (the hours its label gives)
SLOT_ENDS = {Slot.MORNING: time(12), Slot.AFTERNOON: time(16), Slot.EVENING: time(20)}


class BookingStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


#: a worker is taken for a date and slot while a booking is in one of these
ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.ACCEPTED, BookingStatus.IN_PROGRESS)
_ACTIVE_SQL = sa.text("status IN ('requested', 'accepted', 'in_progress')")


class Booking(OfSubDivision, Created, db.Model):
    __tablename__ = "bookings"

    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_profiles.id"), index=True)
    #: the resident who booked; None for a helpline caller without an account
    resident_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(80))
    contact_phone: Mapped[str] = mapped_column(sa.String(16))
    contact_language: Mapped[str] = mapped_column(sa.String(2), default="hi")
    village_id: Mapped[int] = mapped_column(sa.ForeignKey("villages.id"))
    address: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.String(1000))
    work_date: Mapped[date] = mapped_column(sa.Date)
    slot: Mapped[Slot] = mapped_column(enum_column_type(Slot, "slot"))
    status: Mapped[BookingStatus] = mapped_column(
        enum_column_type(BookingStatus, "booking_status"), default=BookingStatus.REQUESTED
    )
    #: why it was declined or cancelled
    status_reason: Mapped[str | None] = mapped_column(sa.String(500))
    via_helpline: Mapped[bool] = mapped_column(default=False)
    #: who entered it (the resident, or staff taking a call)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    #: the quote: the worker's rate × the agreed units, fixed when the worker accepts
    quote_paise: Mapped[int | None] = mapped_column()
    quote_units: Mapped[int | None] = mapped_column()
    #: what is payable: the quote at completion, or a changed amount the resident confirmed
    amount_paise: Mapped[int | None] = mapped_column()
    #: a changed amount the worker asked for at completion, waiting for the resident
    proposed_paise: Mapped[int | None] = mapped_column()
    #: bumped whenever the payable amount changes; part of the payment's idempotency key
    amount_version: Mapped[int] = mapped_column(default=1, server_default="1")
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    worker: Mapped[WorkerProfile] = relationship()
    resident: Mapped[User | None] = relationship(foreign_keys=[resident_id])
    village: Mapped[Village] = relationship()
    review: Mapped[Review | None] = relationship(back_populates="booking", uselist=False)

    __table_args__ = (
        # The database itself refuses a second live booking of a worker for a slot.
        sa.Index("uq_bookings_worker_slot_live", "worker_id", "work_date", "slot", unique=True,
                 postgresql_where=_ACTIVE_SQL, sqlite_where=_ACTIVE_SQL),
        sa.CheckConstraint("amount_paise IS NULL OR amount_paise > 0", name="amount_positive"),
        sa.CheckConstraint("quote_paise IS NULL OR quote_paise > 0", name="quote_positive"),
        sa.CheckConstraint("proposed_paise IS NULL OR proposed_paise > 0",
                           name="proposed_positive"),
    )

    @property
    def is_payable(self) -> bool:
        """Completed with an amount the resident has agreed to (the quote or a confirmed
        change)."""
        return (self.status is BookingStatus.COMPLETED and bool(self.amount_paise)
                and self.proposed_paise is None)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES
