"""What report periods, filters and targets refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class ReportError(ErrorCode):
    RANGE_ORDER = "range_order", _l("The first date must not be after the last date.")
    RANGE_TOO_LONG = "range_too_long", _l("A report covers at most 366 days: choose a shorter "
                                          "period.")
    RANGE_OUT_OF_BOUNDS = "range_out_of_bounds", _l("Choose dates from the year 2000 up to a "
                                                    "year from today.")
    SUB_DIVISION = "sub_division", _l("Choose a sub-division from the list.")
    TARGET_NUMBER = "target_number", _l("Write a whole number from 0 to 100000, or leave it "
                                        "empty.")
    TARGET_BLOCK = "target_block", _l("That block is not in this sub-division.")
    TARGET_CATEGORY = "target_category", _l("That kind of work is not in the list.")
