"""Words for slots and booking statuses (what bookings refuse: bookings.errors)."""

from flask_babel import lazy_gettext as _l

from marketplace.bookings.models import BookingStatus, Slot

SLOT_LABELS = {
    Slot.MORNING: _l("Morning (8–12)"),
    Slot.AFTERNOON: _l("Afternoon (12–4)"),
    Slot.EVENING: _l("Evening (4–8)"),
}
STATUS_LABELS = {
    BookingStatus.REQUESTED: _l("Waiting for the worker"),
    BookingStatus.ACCEPTED: _l("Accepted"),
    BookingStatus.DECLINED: _l("Declined"),
    BookingStatus.IN_PROGRESS: _l("Work going on"),
    BookingStatus.COMPLETED: _l("Completed"),
    BookingStatus.CANCELLED: _l("Cancelled"),
}

