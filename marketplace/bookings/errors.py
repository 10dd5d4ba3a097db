"""What bookings, their payment and their reviews refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class BookingError(ErrorCode):
    SLOT_TAKEN = "slot_taken", _l("This worker is already booked for that date and time. "
                                  "Choose another slot or another worker.")
    DATE_PAST = "date_past", _l("Choose today or a later date.")
    SLOT_OVER = "slot_over", _l("That time of day is already over today. Choose a later time "
                                "or another day.")
    DAY_GONE = "day_gone", _l("The day of this booking has passed: it can only be declined.")
    WORK_EARLY = "work_early", _l("The work can be marked started or done on its booked day, "
                                  "not before.")
    DATE_FAR = "date_far", _l("Bookings can be made up to 60 days ahead.")
    WORKER_UNAVAILABLE = "worker_unavailable", _l("This worker is not taking work on that date.")
    WORKER_UNLISTED = "worker_unlisted", _l("This worker cannot be booked.")
    OWN_BOOKING = "own_booking", _l("You cannot book yourself.")
    #: staff writing their own number where the caller's goes: the caller would hear nothing
    CALLER_IS_STAFF = "caller_is_staff", _l("Write the caller's mobile number, not your own: "
                                            "the booking's messages go to it.")
    CALLER_IS_WORKER = "caller_is_worker", _l("That is the worker's own number: write the "
                                              "caller's.")
    #: a booking taken for a caller by staff of another sub-division
    ADDRESS = "address", _l("Write the address (house, landmark), at most 300 characters.")
    DESCRIPTION = "description", _l("Describe the work in at most 1000 characters.")
    CONTACT = "contact", _l("Enter the caller's name and a valid mobile number.")
    REASON_REQUIRED = "reason_required", _l("Write the reason.")
    BOOKING_TRANSITION = "booking_transition", _l("This booking cannot be changed that way now.")
    NOT_PARTY = "not_party", _l("You cannot change this booking.")
    AMOUNT = "amount", _l("Enter the amount charged, more than zero.")
    AMOUNT_OVER_RATE_CARD = "amount_over_rate_card", _l(
        "That is more than the rate card of this work allows. Charge the quote, or at most the "
        "rate card's top rate.")
    NO_PROPOSAL = "no_proposal", _l("There is no changed amount waiting for your answer.")
    NOT_PAYABLE = "not_payable", _l("This booking cannot be paid now.")
    ALREADY_PAID = "already_paid", _l("This booking is already paid.")
    REVIEW_NOT_ALLOWED = "review_not_allowed", _l("Only the person who booked can rate, after "
                                                  "the work is completed.")
    ALREADY_REVIEWED = "already_reviewed", _l("This booking has already been rated.")
    RATING = "rating", _l("Choose a rating from 1 to 5 stars.")
    FLAG_REASON = "flag_reason", _l("Write why the review is unfair, in at most 300 "
                                    "characters.")
    ALREADY_FLAGGED = "already_flagged", _l("This review has already been reported.")
    NOT_FLAGGED = "not_flagged", _l("This review is not waiting for a decision any more.")
    ALREADY_HIDDEN = "already_hidden", _l("This review is already hidden.")
    #: a signed link from a message that no longer works
    LINK_INVALID = "link_invalid", _l("This link is not valid any more. Sign in to answer the "
                                      "booking from your dashboard.")
