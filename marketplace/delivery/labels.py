"""Words for weekdays and for what can go wrong when staff set slots and charges."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

#: ISO weekday digit → short name, Monday first
WEEKDAY_LABELS = {
    "1": _l("Mon"),
    "2": _l("Tue"),
    "3": _l("Wed"),
    "4": _l("Thu"),
    "5": _l("Fri"),
    "6": _l("Sat"),
    "7": _l("Sun"),
}


def delivery_error_message(code: str) -> str:
    messages = {
        "slot_weekdays": gettext("Choose at least one day."),
        "slot_window": gettext("The end time must be after the start time."),
        "slot_capacity": gettext("Enter how many orders the slot takes, from 1 to 1000."),
        "slot_cutoff": gettext("The cut-off can be at most 168 hours (7 days)."),
        "terms": gettext("The delivery charge must be from ₹0 to ₹1,000; the free-delivery "
                         "amount more than zero."),
        "max_open_cash_orders": gettext("Open cash-on-delivery orders per account: a number "
                                        "from 1 to 50."),
    }
    return messages.get(code, gettext("Please check what you entered."))
