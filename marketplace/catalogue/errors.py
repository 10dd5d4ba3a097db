"""What the product and category rules refuse, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class CatalogueError(ErrorCode):
    PRODUCT_NAME = "product_name", _l("Write the name in Hindi or English (up to 100 letters).")
    DESCRIPTION = "description", _l("Write at most 1000 characters.")
    PRICE_RANGE = "price_range", _l("Enter a price between ₹0.01 and ₹1,00,000.")
    STOCK_RANGE = "stock_range", _l("Enter a stock from 0 to 100000.")
    TOO_MANY_PHOTOS = "too_many_photos", _l("At most 5 photos.")
    CATEGORY = "category", _l("Choose the kind of product from the list.")
    NOT_MEMBER = "not_member", _l("You can change only your own group's products.")
    GROUP_NOT_APPROVED = "group_not_approved", _l("Your group must be approved before adding "
                                                  "products.")
    REASON_REQUIRED = "reason_required", _l("Write the reason.")
    NOTHING_TO_REVIEW = "nothing_to_review", _l("There is nothing waiting for review on this "
                                                "product.")
    PRODUCT_TRANSITION = "product_transition", _l("This product cannot be decided now.")
    # the product categories (settings pages)
    CATEGORY_NAME = "category_name", _l("Write both names, at most 60 characters each.")
    CATEGORY_EXISTS = "category_exists", _l("A category of that English name exists already.")
    CATEGORY_AT_END = "category_at_end", _l("The category cannot move further that way.")
