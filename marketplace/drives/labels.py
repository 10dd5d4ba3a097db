"""The words for partner kinds and camp statuses."""

from flask_babel import lazy_gettext as _l

from marketplace.drives.models import CampStatus, PartnerKind

PARTNER_KIND_LABELS = {
    PartnerKind.ITI: _l("ITI (industrial training institute)"),
    PartnerKind.EMPLOYMENT_OFFICE: _l("Employment office"),
    PartnerKind.LABOUR_OFFICE: _l("Labour office"),
    PartnerKind.NRLM: _l("NRLM (rural livelihood mission)"),
    PartnerKind.NGO: _l("NGO (voluntary organisation)"),
}

CAMP_STATUS_LABELS = {
    CampStatus.PLANNED: _l("Planned"),
    CampStatus.MOVED: _l("Moved"),
    CampStatus.HELD: _l("Held"),
    CampStatus.CANCELLED: _l("Cancelled"),
}
