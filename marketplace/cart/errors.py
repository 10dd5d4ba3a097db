"""What a cart refuses, with the words people read."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class CartError(ErrorCode):
    QUANTITY = "quantity", _l("Enter at least 1.")
    QUANTITY_TOO_LARGE = "quantity_too_large", _l("That is more than can be ordered at once.")
    NOT_ON_SALE = "not_on_sale", _l("This product cannot be ordered for delivery now.")
    NOT_ENOUGH_STOCK = "not_enough_stock", _l("Not enough in stock for that many. Lower the "
                                              "number.")
    OTHER_SUB_DIVISION = "other_sub_division", _l("This product is from another sub-division. A "
                                                  "cart holds products of one sub-division; "
                                                  "order these separately.")
    CART_FULL = "cart_full", _l("Your cart is full. Place this order first.")
    #: an item that is not (any more) in this cart
    ITEM = "item", _l("That item is no longer in your cart.")
