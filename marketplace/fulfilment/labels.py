"""Words for runs, stops and why a delivery failed (what can go wrong: fulfilment.errors)."""

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

