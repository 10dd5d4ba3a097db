"""Words for what can go wrong with a cart."""

from flask_babel import gettext


def cart_error_message(code: str) -> str:
    messages = {
        "quantity": gettext("Enter at least 1."),
        "quantity_too_large": gettext("That is more than can be ordered at once."),
        "not_on_sale": gettext("This product cannot be ordered for delivery now."),
        "not_enough_stock": gettext("Not enough in stock for that many. Lower the number."),
        "other_sub_division": gettext("This product is from another sub-division. A cart "
                                      "holds products of one sub-division; order these "
                                      "separately."),
        "cart_full": gettext("Your cart is full. Place this order first."),
        "item": gettext("That item is no longer in your cart."),
    }
    return messages.get(code, gettext("Please check what you entered."))
