"""Words for runs and stops (why a delivery failed: orders.labels; what can go wrong:
fulfilment.errors)."""

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
