"""What delivery slots and charges refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class DeliveryError(ErrorCode):
    #: a slot that is not offered (or not this sub-division's)
    SLOT = "slot", _l("Choose one of the delivery times shown.")
    SLOT_FULL = "slot_full", _l("That delivery time has just filled up. Choose another.")
    SLOT_CLOSED = "slot_closed", _l("Orders for that delivery time have closed. Choose "
                                    "another.")
    SLOT_WEEKDAYS = "slot_weekdays", _l("Choose at least one day.")
    SLOT_WINDOW = "slot_window", _l("The end time must be after the start time.")
    SLOT_CAPACITY = "slot_capacity", _l("Enter how many orders the slot takes, from 1 to 1000.")
    SLOT_CUTOFF = "slot_cutoff", _l("The cut-off can be at most 168 hours (7 days).")
    TERMS = "terms", _l("The delivery charge must be from ₹0 to ₹1,000; the free-delivery amount "
                        "more than zero.")
    MAX_OPEN_CASH_ORDERS = "max_open_cash_orders", _l("Open cash-on-delivery orders per "
                                                      "account: a number from 1 to 50.")
