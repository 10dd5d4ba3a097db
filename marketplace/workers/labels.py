"""Words for worker statuses and units, as people read them (errors: workers.errors)."""

from flask_babel import lazy_gettext as _l

from marketplace.workers.models import Availability, NeighbourStatus, RateUnit, WorkerStatus

STATUS_LABELS = {
    WorkerStatus.PENDING_CONSENT: _l("Waiting for the worker's consent"),
    WorkerStatus.PENDING_REVIEW: _l("Waiting for approval"),
    WorkerStatus.APPROVED: _l("Listed"),
    WorkerStatus.REJECTED: _l("Not approved"),
    WorkerStatus.WITHDRAWN: _l("Deleted"),
}
UNIT_LABELS = {RateUnit.DAY: _l("per day"), RateUnit.VISIT: _l("per visit")}
AVAILABILITY_LABELS = {
    Availability.AVAILABLE: _l("Available now"),
    Availability.FROM_DATE: _l("Available from a date"),
    Availability.NOT_TAKING: _l("Not taking work"),
}

NEIGHBOUR_STATUS_LABELS = {
    NeighbourStatus.PROPOSED: _l("Waiting for the other sub-division"),
    NeighbourStatus.ACCEPTED: _l("Listed there too"),
    NeighbourStatus.REFUSED: _l("Refused"),
    NeighbourStatus.ENDED: _l("Ended"),
}
