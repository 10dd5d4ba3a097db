"""The life of a booking: the only place that changes its status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict

S = BookingStatus
TRANSITIONS: dict[BookingStatus, set[BookingStatus]] = {
    S.REQUESTED: {S.ACCEPTED, S.DECLINED, S.CANCELLED},
    S.ACCEPTED: {S.IN_PROGRESS, S.COMPLETED, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.CANCELLED},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
_STAMPS = {S.ACCEPTED: "accepted_at", S.IN_PROGRESS: "started_at", S.COMPLETED: "completed_at",
           S.DECLINED: "closed_at", S.CANCELLED: "closed_at"}


def may_move(booking: Booking, to: BookingStatus) -> bool:
    """Whether transition() would move the booking to `to` now: what pages offer."""
    return to in TRANSITIONS[booking.status]


def transition(booking: Booking, to: BookingStatus, *, actor: User | None,
               reason: str | None = None) -> None:
    """Move the booking to `to`, stamp the time and audit it; Conflict('booking_transition')."""
    if not may_move(booking, to):
        raise Conflict("booking_transition", f"{booking.status} → {to}")
    before = booking.status
    booking.status = to
    setattr(booking, _STAMPS[to], utcnow())
    if to in (S.DECLINED, S.CANCELLED):
        booking.status_reason = reason
    record_event(
        f"booking.{to.value}",
        actor_id=actor.id if actor else None,
        subject_type="booking",
        subject_id=booking.id,
        sub_division_id=booking.sub_division_id,
        reason=reason,
        data={"from": before.value, "to": to.value},
    )
