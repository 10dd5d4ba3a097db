"""Words for product statuses and errors."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.catalogue.models import ProductStatus

STATUS_LABELS = {
    ProductStatus.PENDING_REVIEW: _l("Waiting for approval"),
    ProductStatus.APPROVED: _l("In the catalogue"),
    ProductStatus.REJECTED: _l("Not approved"),
}


def product_error_message(code: str) -> str:
    messages = {
        "product_name": gettext("Write the name in Hindi or English (up to 100 letters)."),
        "description": gettext("Write at most 1000 characters."),
        "price_range": gettext("Enter a price between ₹0.01 and ₹1,00,000."),
        "stock_range": gettext("Enter a stock from 0 to 100000."),
        "too_many_photos": gettext("At most 5 photos."),
        "category": gettext("Choose the kind of product from the list."),
        "not_member": gettext("You can change only your own group's products."),
        "group_not_approved": gettext("Your group must be approved before adding products."),
        "product_staff": gettext("Only the SDM office of this sub-division can do this."),
        "reason_required": gettext("Write the reason."),
        "nothing_to_review": gettext("There is nothing waiting for review on this product."),
        "product_transition": gettext("This product cannot be decided now."),
    }
    return messages.get(code, gettext("Please check what you entered."))
