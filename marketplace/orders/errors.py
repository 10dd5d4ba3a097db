"""What ordering and order handling refuse, with the words people read (phone orders add
theirs in orders.phone)."""

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode


class OrderError(ErrorCode):
    # checkout
    CART_EMPTY = "cart_empty", _l("Your cart is empty.")
    CART_CHANGED = "cart_changed", _l("Something in your cart changed (sold out or no longer "
                                      "listed). Check your cart and try again.")
    #: detail: the id of the product that ran out
    NOT_ENOUGH_STOCK = "not_enough_stock", _l("Someone bought the last units first: not enough "
                                              "in stock now. Check your cart and try again.")
    TOTAL_CHANGED = "total_changed", _l("A price changed while you were ordering. Check the "
                                        "new total below and place the order again.")
    MINIMUM_ORDER = "minimum_order", _l("The order is below the smallest order amount.")
    CASH_ORDERS_LIMIT = "cash_orders_limit", _l(
        "You already have as many orders waiting to be paid in cash on delivery as this "
        "sub-division allows. Pay this one online, or order again when one has been delivered.")
    ADDRESS = "address", _l("Write the address (house, landmark), at most 300 characters.")
    NOTE = "note", _l("The note can have at most 500 characters.")
    CONTACT = "contact", _l("Your account needs a name to order.")
    PAYMENT_METHOD = "payment_method", _l("Online payment is not available; choose cash on "
                                          "delivery.")
    # an order's life
    ORDER = "order", _l("You may not change this order.")
    ORDER_TRANSITION = "order_transition", _l("This order cannot be changed that way now.")
    #: a move of a group's part the parts' table does not have (the services refuse it first)
    PART_TRANSITION = "part_transition", _l("This part of the order cannot be changed now.")
    ORDER_CHANGED = "order_changed", _l("Someone else changed this order just now. Look again.")
    ORDER_HELD = "order_held", _l("This order is on hold: its online payment was refunded or "
                                  "disputed at Stripe. Staff must release or cancel it first.")
    ORDER_NOT_HELD = "order_not_held", _l("This order is not on hold.")
    ALREADY_CANCELLED = "already_cancelled", _l("This order is already cancelled.")
    TOO_LATE_TO_CANCEL = "too_late_to_cancel", _l("The order is already packed; call the SDM "
                                                  "office to cancel it.")
    ON_ITS_WAY = "on_its_way", _l("The order is already on its way to you, so it cannot be "
                                  "cancelled here; call the SDM office.")
    ALREADY_DELIVERED = "already_delivered", _l("This order has been delivered, so it cannot be "
                                                "cancelled. For a problem with it, call the SDM "
                                                "office.")
    NOT_AWAITING_PAYMENT = "not_awaiting_payment", _l("This order is not waiting for an online "
                                                      "payment.")
    REASON = "reason", _l("Write the reason, at most 300 characters.")
    #: only a failed delivery can be given a new day (fulfilment.outcomes)
    DELIVERY_DAY_PASSED = "delivery_day_passed", _l(
        "This order's delivery day has passed, so it cannot be confirmed. Call the buyer and "
        "cancel it; they can order again for another day.")
    #: staff may not settle by hand what a courier carries: the cash is counted with the run
    ON_A_RUN_OUT = "on_a_run_out", _l(
        "This order is on a run that is out for delivery: the courier marks it delivered or "
        "not delivered on the run, and the cash is counted when the run comes back.")
    ORDER_UNPAID = "order_unpaid", _l("This order waits for its online payment.")
    ORDER_NOT_CONFIRMED = "order_not_confirmed", _l("This order is not ready for packing.")
    PART_PACKED = "part_packed", _l("This part is already packed.")
    PART = "part", _l("This part belongs to another group.")
    ORDER_PAID = "order_paid", _l("This order has been paid.")
    # repeating an order
    NOT_REPEATABLE = "not_repeatable", _l("Only a delivered order of your own can be ordered "
                                          "again.")
    NOTHING_TO_REPEAT = "nothing_to_repeat", _l("None of the products of that order is in "
                                                "stock now.")
