"""What commissions, payouts and statement periods refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class PayoutError(ErrorCode):
    COMMISSION_FORMAT = "commission_format", _l("Write the commission as a number of percent, "
                                                "e.g. 2.5 (at most two digits after the "
                                                "point).")
    COMMISSION_RANGE = "commission_range", _l("The commission must be between 0 and 50 "
                                              "percent.")
    AMOUNT_NOT_POSITIVE = "amount_not_positive", _l("The amount must be more than zero.")
    AMOUNT_TOO_LARGE = "amount_too_large", _l("That amount is too large.")
    #: detail: what the group is owed, in paise (payouts.labels.payout_error_message names it)
    ABOVE_BALANCE = "above_balance", _l("Nothing is due to this group now, so no payout can be "
                                        "recorded.")
    PAID_ON_FUTURE = "paid_on_future", _l("The date paid cannot be in the future.")
    PAID_ON_TOO_EARLY = "paid_on_too_early", _l("The date paid cannot be before the group was "
                                                "registered.")
    REFERENCE_REQUIRED = "reference_required", _l("Write the bank or UPI transaction id, or the "
                                                  "cash receipt number.")
    REFERENCE_TOO_LONG = "reference_too_long", _l("The reference can have at most 100 "
                                                  "characters.")
    NOTE_TOO_LONG = "note_too_long", _l("The note can have at most 300 characters.")
    #: a second press, the back button, or a transfer written down twice
    REFERENCE_USED = "reference_used", _l("A payout with this reference is recorded for this "
                                          "group already. Look at its statement before "
                                          "recording it again.")
    # statement periods and dates typed
    PERIOD_ORDER = "period_order", _l("The first day must not be after the last day.")
    PERIOD_TOO_LONG = "period_too_long", _l("Choose a period of at most 366 days.")
