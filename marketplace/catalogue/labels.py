"""Words for product statuses (what the product rules refuse: catalogue.errors)."""

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.models import ProductStatus

STATUS_LABELS = {
    ProductStatus.PENDING_REVIEW: _l("Waiting for approval"),
    ProductStatus.APPROVED: _l("In the catalogue"),
    ProductStatus.REJECTED: _l("Not approved"),
}

