"""The life of an order and of its per-SHG parts: their transition tables, and the only
place that changes an order's status.

Each change is a compare-and-set UPDATE on the status the caller saw, checked against the
table first, so two people (or a person and a webhook) moving the same order at once cannot
both succeed; the change is recorded with who, when and why (a status-change row, the
order's stamp), and the buyer is told through the outbox. Parts move by compare-and-set in
orders.services, within `PARTS.sources`.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import LazyString
from sqlalchemy.orm.attributes import set_committed_value

from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.core.hooks import Hook
from marketplace.core.money import format_rupees
from marketplace.core.workflow import register
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.orders.errors import OrderError
from marketplace.orders.labels import reason_text
from marketplace.orders.models import Order, OrderPart, OrderStatus, OrderStatusChange, PartStatus
from marketplace.orders.queries import get_online_payment_kept

S = OrderStatus
TRANSITIONS: dict[OrderStatus, set[OrderStatus]] = {
    S.PLACED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.OUT_FOR_DELIVERY, S.CANCELLED},
    S.OUT_FOR_DELIVERY: {S.DELIVERED, S.DELIVERY_FAILED},
    # Back to packed: the parcel waits for a new slot and a new delivery run.
    S.DELIVERY_FAILED: {S.OUT_FOR_DELIVERY, S.PACKED, S.CANCELLED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
}
ORDERS = register(Order, TRANSITIONS, code=OrderError.ORDER_TRANSITION)
#: a group packs its part once; every part goes with its order when that is cancelled
PARTS = register(OrderPart, {
    PartStatus.TO_PACK: {PartStatus.PACKED, PartStatus.CANCELLED},
    PartStatus.PACKED: {PartStatus.CANCELLED},
    PartStatus.CANCELLED: set(),
}, code=OrderError.PART_TRANSITION, stamps={PartStatus.PACKED: "packed_at"})
#: which changes the buyer hears about (packing is the SHGs' business)
TOLD = {S.PLACED, S.CONFIRMED, S.OUT_FOR_DELIVERY, S.DELIVERED, S.DELIVERY_FAILED,
        S.CANCELLED}


#: a higher layer (the reports' rollup) reacts inside the transaction when an order is placed
#: or changes status: (order, the status it left or None when just placed)
on_change: Hook[[Order, OrderStatus | None], None] = Hook("orders.on_change")


def record_change(order: Order, before: OrderStatus | None, *, actor_id: int | None,
                  reason: str | None) -> None:
    db.session.add(OrderStatusChange(order_id=order.id, from_status=before,
                                     to_status=order.status, actor_id=actor_id, reason=reason))
    on_change.notify(order, before)
    if order.status in TOLD:
        tell_buyer(order, reason)


def tell_buyer(order: Order, reason: str | None) -> None:
    """The buyer's message of the order's new status, in the buyer's language: the stored
    reason is put in words when the message is rendered in that language (a lazy string),
    and a cancellation promises a refund only when money paid online is there to refund."""
    extra = ({"refunded": get_online_payment_kept(order.id) is not None}
             if order.status is S.CANCELLED else {})
    queue_message(order.phone, f"order_{order.status.value}", language=order.language,
                  sub_division_id=order.sub_division_id, number=order.number,
                  total=format_rupees(order.total_paise),
                  date=order.delivery_date,
                  reason=LazyString(lambda: reason_text(reason) or "-"), **extra)


def transition(order: Order, to: OrderStatus, *, actor_id: int | None,
               reason: str | None = None) -> OrderStatus:
    """Move the order to `to`; returns the status it left.

    Conflict('order_transition') when the rule forbids it; Conflict('order_held') when the
    order is held for staff (its money went back at Stripe) and `to` is not cancelled;
    Conflict('order_changed') when somebody changed the order since it was read.
    """
    before = order.status
    ORDERS.check(before, to)
    if to is not S.CANCELLED and order.held_at is not None:
        raise Conflict(OrderError.ORDER_HELD)
    moved = db.session.execute(
        sa.update(Order).where(Order.id == order.id, Order.status == before,
                               # a hold set meanwhile (a refund at Stripe) stops it too
                               *(() if to is S.CANCELLED else (Order.held_at.is_(None),)))
        .values(status=to, status_reason=reason, updated_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise Conflict(OrderError.ORDER_CHANGED)
    set_committed_value(order, "status", to)
    set_committed_value(order, "status_reason", reason)
    record_change(order, before, actor_id=actor_id, reason=reason)
    return before
