"""Words for runs, stops, why a delivery failed and what can go wrong."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.fulfilment.models import RunStatus, StopOutcome

RUN_STATUS_LABELS = {
    RunStatus.PLANNED: _l("Planned"),
    RunStatus.OUT: _l("Out for delivery"),
    RunStatus.RETURNED: _l("Back, cash to count"),
    RunStatus.CLOSED: _l("Closed"),
}
OUTCOME_LABELS = {
    StopOutcome.PENDING: _l("To deliver"),
    StopOutcome.DELIVERED: _l("Delivered"),
    StopOutcome.FAILED: _l("Not delivered"),
}
#: why a parcel did not reach the door; "other" needs words of its own. The code is what a
#: stop keeps; the buyer is told the words in their language.
FAILURE_REASONS = {
    "nobody_home": _l("Nobody at home"),
    "wrong_address": _l("Wrong address"),
    "refused": _l("Refused by the buyer"),
    "unreachable": _l("Could not reach the buyer"),
    "other": _l("Other reason"),
}


def failure_reason_text(stored: str | None) -> str:
    """A stop's reason for people: a standard code in the reader's words, else as written."""
    if not stored:
        return ""
    label = FAILURE_REASONS.get(stored)
    return str(label) if label is not None and stored != "other" else stored


def run_error_message(code: str) -> str:
    messages = {
        "slot": gettext("Choose one of this sub-division's delivery slots."),
        "runs_changed": gettext("Someone else changed the runs just now. Look again and "
                                "try once more."),
        "run_not_planned": gettext("This run has left already; it cannot be changed."),
        "run_not_out": gettext("This run is not out for delivery."),
        "run_not_returned": gettext("Some stops of this run have no outcome yet."),
        "run_closed": gettext("This run is closed already."),
        "run_no_courier": gettext("Choose who takes this run first."),
        "run_empty": gettext("This run has no parcels to take."),
        "stop_done": gettext("This stop is marked already."),
        "stop_not_ready": gettext("An order on this run is not packed (anymore). Move it off "
                                  "the run or look at the order."),
        "stop_edge": gettext("The stop is already at that end of the run."),
        "same_run": gettext("Choose another run."),
        "target_run": gettext("Choose a planned run of the same date and delivery time."),
        "courier": gettext("Choose a delivery account of this sub-division, or write a name "
                           "and a phone number."),
        "cash_note": gettext("The cash handed in differs from the cash expected: write why "
                             "(at most 500 characters)."),
        "reason": gettext("Write the reason, at most 300 characters."),
        "slot_full": gettext("That delivery time is full. Choose another."),
        "slot_closed": gettext("Orders for that delivery time have closed. Choose another."),
        "order_transition": gettext("This order cannot be changed that way now."),
        "order_changed": gettext("Someone else changed this order just now. Look again."),
        "order_held": gettext("This order is on hold: its online payment was refunded or "
                              "disputed at Stripe. Staff must release or cancel it first."),
        "order_not_held": gettext("This order is not on hold."),
        "already_paid": gettext("This order is paid already."),
        "order_staff": gettext("You may not change this order."),
        "stop_pending": gettext("This order is still on a run: mark its stop first."),
    }
    return messages.get(code, gettext("Please check what you entered."))
