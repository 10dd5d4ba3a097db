"""Words for order statuses, payment and the reasons of a status change (what can go wrong:
orders.errors)."""

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
#: why a parcel did not reach the door; "other" needs words of its own. The code is what a
#: run's stop keeps (fulfilment) and what the order's reason keeps.
FAILURE_REASONS = {
    "nobody_home": _l("Nobody at home"),
    "wrong_address": _l("Wrong address"),
    "refused": _l("Refused by the buyer"),
    "unreachable": _l("Could not reach the buyer"),
    "other": _l("Other reason"),
}
#: reasons the buyer's button and the system give when they cancel (orders.services)
BUYER_CANCELLED = "buyer_cancelled"
PAYMENT_NOT_COMPLETED = "payment_not_completed"
#: a standard reason is stored as its code and put in words when it is read, in the reader's
#: language (the buyer's in their messages); what a person typed is stored and shown as typed
REASONS = {
    **{code: label for code, label in FAILURE_REASONS.items() if code != "other"},
    BUYER_CANCELLED: _l("cancelled by the buyer"),
    PAYMENT_NOT_COMPLETED: _l("the online payment was not completed"),
}
#: standard reasons with a detail of their own, stored as "<code>:<detail>"
NEW_DELIVERY_TIME = "new_delivery_time"
_WITH_DETAIL = {
    NEW_DELIVERY_TIME: lambda when: gettext("New delivery time: %(when)s", when=when),
}


def payment_state(order: Order) -> str:
    """Where the order's money stands, in the reader's words: paid, still to come, or nothing
    to pay (cancelled before any money came)."""
    if order.paid_at is not None:
        return gettext("paid")
    if order.status is OrderStatus.CANCELLED:
        return gettext("nothing to pay")
    return gettext("not paid yet")


def reason_text(stored: str | None) -> str:
    """A reason for people, in the current locale: a standard code (REASONS, or
    "<code>:<detail>") in the reader's words, anything else as written."""
    if not stored:
        return ""
    label = REASONS.get(stored)
    if label is not None:
        return str(label)
    code, colon, detail = stored.partition(":")
    if colon and code in _WITH_DETAIL and detail:
        return _WITH_DETAIL[code](detail)
    return stored


def reason_with_detail(code: str, detail: str) -> str:
    """What is stored for a standard reason with a detail (NEW_DELIVERY_TIME and a time);
    KeyError for a code that has none."""
    if code not in _WITH_DETAIL:
        raise KeyError(code)
    return f"{code}:{detail}"


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
