"""Words for group statuses (what the group rules refuse: shg.errors)."""

from flask_babel import lazy_gettext as _l

from marketplace.shg.models import SHGStatus

STATUS_LABELS = {
    SHGStatus.PENDING_REVIEW: _l("Waiting for approval"),
    SHGStatus.APPROVED: _l("Approved"),
    SHGStatus.REJECTED: _l("Not approved"),
}

