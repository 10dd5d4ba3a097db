"""Words for slots, booking statuses and booking errors."""

from flask_babel import gettext
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


def booking_error_message(code: str) -> str:
    messages = {
        "slot_taken": gettext("This worker is already booked for that date and time. "
                              "Choose another slot or another worker."),
        "date_past": gettext("Choose today or a later date."),
        "date_far": gettext("Bookings can be made up to 60 days ahead."),
        "worker_unavailable": gettext("This worker is not taking work on that date."),
        "worker_unlisted": gettext("This worker cannot be booked."),
        "own_booking": gettext("You cannot book yourself."),
        "village": gettext("Choose a village or ward of this sub-division."),
        "address": gettext("Write the address (house, landmark), at most 300 characters."),
        "description": gettext("Describe the work in at most 1000 characters."),
        "contact": gettext("Enter the caller's name and a valid mobile number."),
        "reason_required": gettext("Write the reason."),
        "booking_transition": gettext("This booking cannot be changed that way now."),
        "not_party": gettext("You cannot change this booking."),
        "amount": gettext("Enter the amount charged, more than zero."),
        "review_not_allowed": gettext("Only the person who booked can rate, after the work is "
                                      "completed."),
        "already_reviewed": gettext("This booking has already been rated."),
        "rating": gettext("Choose a rating from 1 to 5 stars."),
        "not_payable": gettext("This booking cannot be paid now."),
        "amount_over_rate_card": gettext("That is more than the rate card of this work "
                                         "allows. Charge the quote, or at most the rate "
                                         "card's top rate."),
        "no_proposal": gettext("There is no changed amount waiting for your answer."),
        "already_paid": gettext("This booking is already paid."),
        "flag_reason": gettext("Write why the review is unfair, in at most 300 characters."),
        "already_flagged": gettext("This review has already been reported."),
        "not_flagged": gettext("This review is not waiting for a decision any more."),
        "already_hidden": gettext("This review is already hidden."),
        "link_invalid": gettext("This link is not valid any more. Sign in to answer the "
                                "booking from your dashboard."),
    }
    return messages.get(code, gettext("Please check what you entered."))
