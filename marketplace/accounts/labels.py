"""Names of roles as people read them."""

from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import Role

ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.WORKER: _l("Worker"),
    Role.SHG_MEMBER: _l("SHG member"),
    Role.OPERATOR: _l("CSC operator"),
    Role.STAFF: _l("SDM office staff"),
    Role.ADMIN: _l("Site admin"),
    Role.DELIVERY: _l("Delivery person"),
}
