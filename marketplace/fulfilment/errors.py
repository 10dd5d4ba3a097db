"""What delivery runs and their stops refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class RunError(ErrorCode):
    #: a slot that is not this sub-division's
    SLOT = "slot", _l("Choose one of this sub-division's delivery slots.")
    #: a run the courier may not work: they learn nothing of it
    RUN = "run", _l("Page not found")
    RUNS_CHANGED = "runs_changed", _l("Someone else changed the runs just now. Look again and "
                                      "try once more.")
    RUN_NOT_PLANNED = "run_not_planned", _l("This run has left already; it cannot be changed.")
    RUN_NOT_OUT = "run_not_out", _l("This run is not out for delivery.")
    RUN_NOT_RETURNED = "run_not_returned", _l("Some stops of this run have no outcome yet.")
    RUN_CLOSED = "run_closed", _l("This run is closed already.")
    RUN_NO_COURIER = "run_no_courier", _l("Choose who takes this run first.")
    RUN_EMPTY = "run_empty", _l("This run has no parcels to take.")
    RUN_EARLY = "run_early", _l("A run goes out on its delivery day, not before: the buyers "
                                "are told their parcel comes today.")
    #: its orders are packed and cannot be given a new day (only failed deliveries can)
    RUN_LATE = "run_late", _l("This run's day has passed, so it cannot go out. Call its "
                              "buyers and cancel their orders; they can order again for "
                              "another day.")
    #: a move the run's table does not have (the services refuse it first, with their words)
    RUN_TRANSITION = "run_transition", _l("This run cannot be changed that way now.")
    STOP_DONE = "stop_done", _l("This stop is marked already.")
    STOP_EDGE = "stop_edge", _l("The stop is already at that end of the run.")
    STOP_PENDING = "stop_pending", _l("This order is still on a run: mark its stop first.")
    SAME_RUN = "same_run", _l("Choose another run.")
    TARGET_RUN = "target_run", _l("Choose a planned run of the same date and delivery time.")
    COURIER = "courier", _l("Choose a delivery account of this sub-division, or write a name "
                            "and a phone number.")
    CASH = "cash", _l("Enter an amount in rupees.")
    CASH_NOTE = "cash_note", _l("The cash handed in differs from the cash expected: write why "
                                "(at most 500 characters).")
    REASON = "reason", _l("Write the reason, at most 300 characters.")
