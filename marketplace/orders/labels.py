"""Words for order statuses, payment and what can go wrong."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.orders.models import Order, OrderStatus, PartStatus
from marketplace.payments.models import PaymentMethod

STATUS_LABELS = {
    OrderStatus.PLACED: _l("Placed"),
    OrderStatus.CONFIRMED: _l("Confirmed"),
    OrderStatus.PACKED: _l("Packed"),
    OrderStatus.OUT_FOR_DELIVERY: _l("Out for delivery"),
    OrderStatus.DELIVERED: _l("Delivered"),
    OrderStatus.DELIVERY_FAILED: _l("Could not be delivered"),
    OrderStatus.CANCELLED: _l("Cancelled"),
}
PART_STATUS_LABELS = {
    PartStatus.TO_PACK: _l("To pack"),
    PartStatus.PACKED: _l("Packed"),
    PartStatus.CANCELLED: _l("Cancelled"),
}
PAYMENT_LABELS = {
    PaymentMethod.CASH: _l("Cash on delivery"),
    PaymentMethod.ONLINE: _l("Online"),
}
#: why an order is held for staff (Order.hold_reason)
HOLD_REASON_LABELS = {
    "refunded": _l("refunded in full"),
    "disputed": _l("disputed by the payer"),
    "dispute_lost": _l("dispute lost"),
}
#: the steps shown on the tracking page
TRACK = [OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.PACKED,
         OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED]


def tracking_steps(order: Order) -> list[tuple[OrderStatus, bool]]:
    """The tracking page's steps, each with whether the order has reached it; none for an
    order that left the track (cancelled, or its delivery failed)."""
    if order.status not in TRACK:
        return []
    reached = TRACK.index(order.status)
    return [(step, index <= reached) for index, step in enumerate(TRACK)]


def order_error_message(code: str) -> str:
    messages = {
        "cart_empty": gettext("Your cart is empty."),
        "cart_changed": gettext("Something in your cart changed (sold out or no longer "
                                "listed). Check your cart and try again."),
        "not_enough_stock": gettext("Someone bought the last units first: not enough in stock "
                                    "now. Check your cart and try again."),
        "total_changed": gettext("A price changed while you were ordering. Check the new "
                                 "total below and place the order again."),
        "minimum_order": gettext("The order is below the smallest order amount."),
        "cash_orders_limit": gettext("You already have as many orders waiting to be paid in "
                                     "cash on delivery as this sub-division allows. Pay this "
                                     "one online, or order again when one has been "
                                     "delivered."),
        "slot": gettext("Choose one of the delivery times shown."),
        "slot_full": gettext("That delivery time has just filled up. Choose another."),
        "slot_closed": gettext("Orders for that delivery time have closed. Choose another."),
        "village": gettext("Choose a village or ward of this sub-division."),
        "address": gettext("Write the address (house, landmark), at most 300 characters."),
        "note": gettext("The note can have at most 500 characters."),
        "contact": gettext("Your account needs a name to order."),
        "payment_method": gettext("Online payment is not available; choose cash on "
                                  "delivery."),
        "too_late_to_cancel": gettext("The order is already packed; call the SDM office to "
                                      "cancel it."),
        "order_transition": gettext("This order cannot be changed that way now."),
        "order_changed": gettext("Someone else changed this order just now. Look again."),
        "order_held": gettext("This order is on hold: its online payment was refunded or "
                              "disputed at Stripe. Staff must release or cancel it first."),
        "order_not_held": gettext("This order is not on hold."),
        "not_awaiting_payment": gettext("This order is not waiting for an online payment."),
        "reason": gettext("Write the reason, at most 300 characters."),
        "order_unpaid": gettext("This order waits for its online payment."),
        "order_not_confirmed": gettext("This order is not ready for packing."),
        "part_packed": gettext("This part is already packed."),
        "part": gettext("This part belongs to another group."),
        "order_paid": gettext("This order has been paid."),
    }
    return messages.get(code, gettext("Please check what you entered."))
