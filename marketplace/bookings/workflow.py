"""The life of a booking: its transition table and the only place that changes its status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.bookings.errors import BookingError
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.core.workflow import Audit, change_status, register

S = BookingStatus
TRANSITIONS: dict[BookingStatus, set[BookingStatus]] = {
    S.REQUESTED: {S.ACCEPTED, S.DECLINED, S.CANCELLED},
    S.ACCEPTED: {S.IN_PROGRESS, S.COMPLETED, S.CANCELLED},
    S.IN_PROGRESS: {S.COMPLETED, S.CANCELLED},
    S.DECLINED: set(),
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
BOOKINGS = register(
    Booking, TRANSITIONS, code=BookingError.BOOKING_TRANSITION,
    stamps={S.ACCEPTED: "accepted_at", S.IN_PROGRESS: "started_at",
            S.COMPLETED: "completed_at", S.DECLINED: "closed_at", S.CANCELLED: "closed_at"},
    audit=Audit("booking", "booking", with_moves=True))


def may_move(booking: Booking, to: BookingStatus) -> bool:
    """Whether transition() would move the booking to `to` now: what pages offer."""
    return to in TRANSITIONS[booking.status]


def transition(booking: Booking, to: BookingStatus, *, actor: User | None,
               reason: str | None = None) -> None:
    """Move the booking to `to`, stamp the time and audit it (a decline or cancellation
    keeps its reason); Conflict('booking_transition')."""
    change_status(booking, to, actor_id=actor.id if actor else None, reason=reason)
    if to in (S.DECLINED, S.CANCELLED):
        booking.status_reason = reason
