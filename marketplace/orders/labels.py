"""Words for order statuses and payment (what can go wrong: orders.errors)."""

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
