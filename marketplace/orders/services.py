"""After checkout: confirm, pack (per SHG), dispatch, deliver or fail, cancel, pay, refund.

Services flush, never commit, take the actor explicitly and raise DomainErrors.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from marketplace.accounts.access import is_staff_for, require_staff_for
from marketplace.accounts.models import Role, User
from marketplace.accounts.notices import tell_staff
from marketplace.core.audit import record_event
from marketplace.core.db import today_in_india, utcnow
from marketplace.core.errors import Conflict, Forbidden
from marketplace.core.hooks import Hook
from marketplace.core.i18n import localized
from marketplace.core.locks import lock
from marketplace.core.money import format_rupees
from marketplace.core.text import one_line
from marketplace.delivery.services import give_back_place
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.orders.errors import OrderError
from marketplace.orders.labels import BUYER_CANCELLED, PAYMENT_NOT_COMPLETED
from marketplace.orders.models import Order, OrderPart, OrderStatus, PartStatus
from marketplace.orders.queries import get_online_payment_kept
from marketplace.orders.stock import give_back_stock
from marketplace.orders.workflow import PARTS, transition
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.services import (
    record_cash_payment,
    refund_payment,
    start_online_payment,
)
from marketplace.shg.models import SHGMember

S = OrderStatus
#: how long an online order may wait for its payment before its stock goes back
PAYMENT_WINDOW = timedelta(hours=1)
BUYER_CAN_CANCEL = {S.PLACED, S.CONFIRMED}
#: why nobody may cancel an order any more, whoever asks (a second press, a stale tab)
TOO_LATE_FOR_ANYONE = {S.CANCELLED: OrderError.ALREADY_CANCELLED,
                       S.DELIVERED: OrderError.ALREADY_DELIVERED}


def buyer_may_cancel(order: Order) -> bool:
    """The buyer may cancel until a group has packed its part (staff may until delivery)."""
    return order.status in BUYER_CAN_CANCEL and not any(
        part.status is PartStatus.PACKED for part in order.parts)


def is_buyer(order: Order, user: User) -> bool:
    return user.is_authenticated and user.id in (order.customer_id, order.created_by_id)


def may_settle_delivery(order: Order, actor: User, *, courier_id: int | None = None) -> bool:
    """Staff of the order's sub-division; or the delivery account carrying the order, when
    the caller (fulfilment, which knows the runs) names the courier of the order's run."""
    if is_staff_for(actor, order.sub_division_id):
        return True
    return (courier_id is not None and actor.id == courier_id and actor.role is Role.DELIVERY
            and actor.sub_division_id == order.sub_division_id)


def _reason(text: str | None) -> str:
    """What a person typed, on one line (InvalidInput('reason') when empty or too long)."""
    return one_line(text, 300, OrderError.REASON)


def _lock(order: Order) -> None:
    """Serialise changes of one order."""
    lock(order, reload=False)


def confirm_order(order: Order, *, actor: User) -> None:
    """Staff accept the order for delivery; each SHG is told it has a part to pack. An
    online order must be paid first (Conflict('order_unpaid')), and its delivery day must
    not have passed (Conflict('delivery_day_passed')): the groups and the buyer would hear
    of packing for a date gone by."""
    require_staff_for(actor, order.sub_division_id)
    if order.delivery_date < today_in_india():
        raise Conflict(OrderError.DELIVERY_DAY_PASSED)
    if order.payment_method is PaymentMethod.ONLINE and order.paid_at is None:
        raise Conflict(OrderError.ORDER_UNPAID)
    transition(order, S.CONFIRMED, actor_id=actor.id)
    _tell_groups_to_pack(order, [p for p in order.parts if p.status is PartStatus.TO_PACK])


def _tell_groups_to_pack(order: Order, parts: list[OrderPart]) -> None:
    """Every leader of each group with a part to pack, found in one query."""
    groups = {part.group_id: part.group for part in parts}
    leaders = db.session.scalars(
        sa.select(SHGMember).where(SHGMember.group_id.in_(groups), SHGMember.is_leader)
        .options(joinedload(SHGMember.user))).all() if groups else []
    for leader in leaders:
        language = leader.user.preferred_language
        queue_message(leader.user.phone, "order_to_pack", language=language,
                      sub_division_id=order.sub_division_id, number=order.number,
                      group=localized(groups[leader.group_id], "name", language),
                      date=order.delivery_date)


def can_pack(part: OrderPart, actor: User) -> bool:
    if is_staff_for(actor, part.order.sub_division_id):
        return True
    member = db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == actor.id))
    return member is not None and member.group_id == part.group_id


def mark_part_packed(part: OrderPart, *, actor: User) -> None:
    """An SHG member (or staff) says the group's part is packed; when every part is, the
    order is packed. The order row is locked first so that two groups finishing at once
    still move the order exactly once."""
    if not can_pack(part, actor):
        raise Forbidden(OrderError.PART)
    order = part.order
    _lock(order)
    db.session.refresh(order)
    if order.status is not S.CONFIRMED:
        raise Conflict(OrderError.ORDER_NOT_CONFIRMED)
    packed = db.session.execute(
        sa.update(OrderPart).where(OrderPart.id == part.id,
                                   OrderPart.status.in_(PARTS.sources(PartStatus.PACKED)))
        .values(status=PartStatus.PACKED, packed_by_id=actor.id,
                **PARTS.stamp(PartStatus.PACKED))
        .execution_options(synchronize_session=False)).rowcount
    if packed != 1:
        raise Conflict(OrderError.PART_PACKED)
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(OrderPart).where(
        OrderPart.order_id == order.id, OrderPart.status == PartStatus.TO_PACK))
    db.session.expire(part)
    if waiting == 0:
        transition(order, S.PACKED, actor_id=actor.id)


def dispatch_order(order: Order, *, actor: User) -> None:
    require_staff_for(actor, order.sub_division_id)
    transition(order, S.OUT_FOR_DELIVERY, actor_id=actor.id)


#: a higher layer (fulfilment, which knows the runs) says whether a courier out on the road
#: carries the order and has yet to mark it
on_carrying: Hook[[Order], bool] = Hook("orders.on_carrying")


def is_carried(order: Order) -> bool:
    """Out with a courier who has yet to say what happened at the door: only the courier's
    marking settles it (the cash taken at the door is counted with their run)."""
    return any(on_carrying.answers(order))


def _require_not_carried(order: Order) -> None:
    if is_carried(order):
        raise Conflict(OrderError.ON_A_RUN_OUT)


def mark_delivered(order: Order, *, actor: User, courier_id: int | None = None) -> None:
    """Delivered; cash on delivery is recorded as paid, collected by `actor` (staff, or the
    courier of the order's run: see may_settle_delivery). Conflict('on_a_run_out') while a
    courier carries it (is_carried): the courier's marking of the stop settles it."""
    if not may_settle_delivery(order, actor, courier_id=courier_id):
        raise Forbidden(OrderError.ORDER)
    _require_not_carried(order)
    transition(order, S.DELIVERED, actor_id=actor.id)
    if order.payment_method is PaymentMethod.CASH and order.paid_at is None:
        record_cash_payment(order_id=order.id, amount_paise=order.total_paise,
                            confirmed_by_id=actor.id)
        order.paid_at = utcnow()


def mark_delivery_failed(order: Order, *, actor: User, reason: str,
                         courier_id: int | None = None) -> None:
    """`reason` is a standard code (orders.labels.REASONS) or words a person typed; either
    is kept as it is and put in the reader's words when shown (labels.reason_text).
    Conflict('on_a_run_out') while a courier carries it, as mark_delivered."""
    if not may_settle_delivery(order, actor, courier_id=courier_id):
        raise Forbidden(OrderError.ORDER)
    _require_not_carried(order)
    transition(order, S.DELIVERY_FAILED, actor_id=actor.id, reason=_reason(reason))


def cancel_order(order: Order, *, actor: User | None, reason: str | None = None) -> None:
    """Cancel and give back the stock and the slot place, exactly once (the status change is
    a compare-and-set). The buyer may cancel until a group has packed; staff until delivery.
    A paid online order then needs `refund_order` after the commit. The reason is kept as a
    code when it is a standard one (the buyer's button, the payment window), else as typed.
    Conflict('already_cancelled') the second time (a second press, another tab), and
    'already_delivered' once delivered; the buyer hears 'on_its_way' once it is out."""
    if order.status in TOO_LATE_FOR_ANYONE:
        raise Conflict(TOO_LATE_FOR_ANYONE[order.status])
    if actor is None:
        # The system gives up on an unpaid order; a payment that has just landed wins.
        _lock(order)
        db.session.refresh(order)
        if order.paid_at is not None:
            raise Conflict(OrderError.ORDER_PAID)
        text = reason or PAYMENT_NOT_COMPLETED
    elif is_buyer(order, actor) and not is_staff_for(actor, order.sub_division_id):
        if not buyer_may_cancel(order):
            raise Conflict(OrderError.ON_ITS_WAY if order.status is S.OUT_FOR_DELIVERY
                           else OrderError.TOO_LATE_TO_CANCEL)
        text = _reason(reason) if reason else BUYER_CANCELLED
    else:
        require_staff_for(actor, order.sub_division_id)
        text = _reason(reason)
    transition(order, S.CANCELLED, actor_id=actor.id if actor else None, reason=text)
    give_back_stock(_quantities_to_return(order))
    give_back_place(order.slot_id, order.delivery_date)
    db.session.execute(sa.update(OrderPart).where(
        OrderPart.order_id == order.id,
        OrderPart.status.in_(PARTS.sources(PartStatus.CANCELLED)))
        .values(status=PartStatus.CANCELLED)
        .execution_options(synchronize_session=False))
    for part in order.parts:
        db.session.expire(part)


def _quantities_to_return(order: Order) -> dict[int, int]:
    returned: dict[int, int] = {}
    for line in order.lines:
        returned[line.product_id] = returned.get(line.product_id, 0) + line.quantity
    return returned


def pending_online_payment(order: Order) -> Payment | None:
    return db.session.scalar(sa.select(Payment).where(
        Payment.order_id == order.id, Payment.status == PaymentStatus.PENDING)
        .order_by(Payment.id.desc()).limit(1))


def switch_to_cash(order: Order, *, actor: User) -> None:
    """An unpaid online order becomes cash on delivery (the buyer changed their mind, or
    the payment page could not be opened). Open Stripe sessions are left to expire."""
    if not (is_buyer(order, actor) or is_staff_for(actor, order.sub_division_id)):
        raise Forbidden(OrderError.ORDER)
    if order.payment_method is not PaymentMethod.ONLINE or order.paid_at is not None \
            or order.status is not S.PLACED:
        raise Conflict(OrderError.NOT_AWAITING_PAYMENT)
    order.payment_method = PaymentMethod.CASH
    record_event("order.switched_to_cash", actor_id=actor.id, subject_type="order",
                 subject_id=order.id, sub_division_id=order.sub_division_id)
    db.session.flush()


def order_takes_money(payment: Payment) -> bool:
    """Money for an order is taken unless the order is cancelled (by the buyer, staff, or
    the payment window): payments then refunds it."""
    if payment.order_id is None:
        return True
    order = db.session.get(Order, payment.order_id)
    return order is not None and order.status is not S.CANCELLED


#: payment outcomes that put an undelivered order on hold for staff
HOLDING_OUTCOMES = {"refunded": "refunded", "disputed": "disputed",
                    "dispute_lost": "dispute_lost"}
#: payment outcomes the buyer and the staff hear about, and the staff message kind
TOLD_OUTCOMES = {"refunded": "refunded", "refunded_partly": "refunded",
                 "disputed": "disputed", "dispute_lost": "dispute_lost"}


def on_payment_settled(payment: Payment, outcome: str) -> None:
    """Called by the payments module inside the webhook's transaction."""
    if payment.order_id is None:
        return
    order = db.session.get(Order, payment.order_id)
    if outcome == "paid":
        if order.paid_at is None:
            order.paid_at = payment.paid_at
    elif outcome == "failed" and order.status is S.PLACED and order.paid_at is None \
            and order.payment_method is PaymentMethod.ONLINE \
            and pending_online_payment(order) is None:
        cancel_order(order, actor=None)
    if outcome not in TOLD_OUTCOMES:
        return
    if outcome in HOLDING_OUTCOMES and order.is_open and order.held_at is None \
            and not _still_paid(order, outcome):
        _hold(order, HOLDING_OUTCOMES[outcome])
    amount = payment.disputed_paise if outcome.startswith("dispute") else \
        payment.refunded_paise
    if outcome.startswith("refunded"):
        queue_message(order.phone, "payment_refunded", language=order.language,
                      sub_division_id=order.sub_division_id, what=order.number,
                      amount=format_rupees(amount or 0))
    tell_staff(order.sub_division_id, f"staff_payment_{TOLD_OUTCOMES[outcome]}",
               what=order.number, amount=format_rupees(amount or payment.amount_paise))


def _still_paid(order: Order, outcome: str) -> bool:
    """After a refund, is the order still paid by another payment (the refunded money was a
    second payment)? A dispute always holds."""
    if outcome != "refunded":
        return False
    return db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        Payment.order_id == order.id, Payment.status == PaymentStatus.PAID)) > 0


def _hold(order: Order, reason: str) -> None:
    db.session.execute(sa.update(Order).where(Order.id == order.id, Order.held_at.is_(None))
                       .values(held_at=utcnow(), hold_reason=reason)
                       .execution_options(synchronize_session=False))
    db.session.expire(order, ["held_at", "hold_reason"])
    record_event("order.held", actor_id=None, subject_type="order", subject_id=order.id,
                 sub_division_id=order.sub_division_id, data={"reason": reason})


def release_hold(order: Order, *, actor: User, reason: str | None = None) -> None:
    """Staff decide a held order goes on (e.g. the buyer will pay cash on delivery: it
    becomes a cash order and unpaid again). Forbidden('staff_only');
    Conflict('order_not_held')."""
    require_staff_for(actor, order.sub_division_id)
    text = _reason(reason) if reason else None
    released = db.session.execute(
        sa.update(Order).where(Order.id == order.id, Order.held_at.is_not(None))
        .values(held_at=None, hold_reason=None)
        .execution_options(synchronize_session=False)).rowcount
    if released != 1:
        raise Conflict(OrderError.ORDER_NOT_HELD)
    db.session.expire(order, ["held_at", "hold_reason"])
    kept = db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        Payment.order_id == order.id, Payment.status == PaymentStatus.PAID))
    if not kept and order.paid_at is not None:
        # The money went back: what is owed is collected as cash at the door.
        order.paid_at = None
        order.payment_method = PaymentMethod.CASH
    record_event("order.hold_released", actor_id=actor.id, subject_type="order",
                 subject_id=order.id, sub_division_id=order.sub_division_id, reason=text)
    db.session.flush()


def expire_unpaid_orders(now: datetime) -> int:
    """Cancel online orders still unpaid after the payment window (the webhook may never
    come); their stock and slot places go back. Returns how many."""
    stale = db.session.scalars(sa.select(Order).where(
        Order.status == S.PLACED, Order.payment_method == PaymentMethod.ONLINE,
        Order.paid_at.is_(None), Order.created_at < now - PAYMENT_WINDOW)).all()
    cancelled = 0
    for order in stale:
        try:
            with db.session.begin_nested():
                cancel_order(order, actor=None)
            cancelled += 1
        except Conflict:
            pass  # paid or changed meanwhile: leave it be
    return cancelled


def refund_due(order: Order) -> Payment | None:
    """The paid online payment of a cancelled order, not yet refunded."""
    if order.status is not S.CANCELLED:
        return None
    return get_online_payment_kept(order.id)


def refund_order(order: Order, *, actor_id: int | None) -> Payment | None:
    """Refund what a cancelled order had paid online (call after the cancellation has been
    committed: the money goes back only for an order that stays cancelled)."""
    payment = refund_due(order)
    if payment is None:
        return None
    return refund_payment(payment, actor_id=actor_id)


def start_order_payment(order: Order, *, actor: User, success_url: str,
                        cancel_url: str) -> str:
    """A Stripe page for the order's total (from the order, never from a form); an open page
    still open is reused, and two at once get the same one (the order row is locked and
    the idempotency key is the order's). Returns the URL. Raises GatewayError."""
    if not is_buyer(order, actor):
        raise Forbidden(OrderError.ORDER)
    if order.payment_method is not PaymentMethod.ONLINE or order.paid_at is not None \
            or order.status is not S.PLACED:
        raise Conflict(OrderError.NOT_AWAITING_PAYMENT)
    _lock(order)
    db.session.refresh(order)
    if order.paid_at is not None or order.status is not S.PLACED:
        raise Conflict(OrderError.NOT_AWAITING_PAYMENT)
    _payment, url = start_online_payment(
        order_id=order.id, amount_paise=order.total_paise,
        description=f"Swarozgar {order.number}", success_url=success_url,
        cancel_url=cancel_url)
    return url
