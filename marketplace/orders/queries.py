"""Reads of orders: the staff list, one order with its parts and lines, who acted on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import User
from marketplace.core.db import INDIA
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderPart, OrderStatus, PartStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus


def _with_everything(query: sa.Select) -> sa.Select:
    return query.options(
        joinedload(Order.village), joinedload(Order.slot),
        selectinload(Order.parts).joinedload(OrderPart.group),
        selectinload(Order.parts).selectinload(OrderPart.lines),
        selectinload(Order.history))


def get_order(order_id: int) -> Order | None:
    """The order with its village, slot, parts (group, lines) and history loaded."""
    return db.session.scalar(_with_everything(sa.select(Order).where(Order.id == order_id)))


def get_order_by_number(number: str) -> Order | None:
    return db.session.scalar(_with_everything(sa.select(Order).where(Order.number == number)))


def list_orders_of_buyer(user_id: int) -> sa.Select:
    return (sa.select(Order).where(Order.customer_id == user_id)
            .options(joinedload(Order.slot))
            .order_by(Order.created_at.desc(), Order.id.desc()))


def list_orders_of_phone(sub_division_id: int, phone: str, user_id: int | None) -> sa.Select:
    """A sub-division's orders of the person with this phone: bought by their account, or
    with this phone as the order's contact (an order taken by phone). Newest first."""
    mine = Order.phone == phone
    if user_id is not None:
        mine = sa.or_(mine, Order.customer_id == user_id)
    return (sa.select(Order).where(Order.sub_division_id == sub_division_id, mine)
            .options(joinedload(Order.slot), selectinload(Order.parts))
            .order_by(Order.created_at.desc(), Order.id.desc()))


def list_parts_of_group(group_id: int, statuses: tuple[OrderStatus, ...],
                        part_status: PartStatus | None = None) -> list[OrderPart]:
    """A group's parts of orders in `statuses`, soonest delivery first, with their lines."""
    query = (sa.select(OrderPart).join(Order, OrderPart.order_id == Order.id)
             .where(OrderPart.group_id == group_id, Order.status.in_(statuses))
             .options(joinedload(OrderPart.order).joinedload(Order.village),
                      joinedload(OrderPart.order).joinedload(Order.slot),
                      selectinload(OrderPart.lines))
             .order_by(Order.delivery_date, Order.id))
    if part_status is not None:
        query = query.where(OrderPart.status == part_status)
    return list(db.session.scalars(query).unique())


def get_part(part_id: int) -> OrderPart | None:
    return db.session.get(OrderPart, part_id)


def list_orders_of_sub_division(sub_division_id: int | None, *,
                                status: OrderStatus | None = None,
                                delivery_date: date | None = None) -> sa.Select:
    """Newest first; None means every sub-division (admins). Village and slot come in the
    same query, so a page costs one query however many orders it shows."""
    query = sa.select(Order).options(joinedload(Order.village), joinedload(Order.slot))
    if sub_division_id is not None:
        query = query.where(Order.sub_division_id == sub_division_id)
    if status is not None:
        query = query.where(Order.status == status)
    if delivery_date is not None:
        query = query.where(Order.delivery_date == delivery_date)
    return query.order_by(Order.created_at.desc(), Order.id.desc())


def get_actor_names(order: Order) -> dict[int, str]:
    """Names of the people in the order's history and of those who packed its parts."""
    ids = {change.actor_id for change in order.history if change.actor_id}
    ids |= {part.packed_by_id for part in order.parts if part.packed_by_id}
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())


def count_orders_for_day(sub_division_id: int | None, day: date) -> dict[str, int]:
    """The panel home's numbers in one query (None: every sub-division): "placed_today"
    (orders placed on `day`, India time), "today_<status>" (orders to deliver on `day` by
    status), "not_confirmed" (placed, waiting for staff), "unpaid_online" (placed, online,
    not paid yet) and "failed" (delivery failed, waiting for a new slot or cancellation)."""
    start = datetime.combine(day, time(), tzinfo=INDIA).astimezone(UTC)
    end = start + timedelta(days=1)
    placed_today = sa.and_(Order.created_at >= start, Order.created_at < end)
    for_today = Order.delivery_date == day
    waiting = Order.status.in_((OrderStatus.PLACED, OrderStatus.DELIVERY_FAILED))
    columns = {
        "placed_today": placed_today,
        **{f"today_{s.value}": sa.and_(for_today, Order.status == s) for s in OrderStatus},
        "not_confirmed": Order.status == OrderStatus.PLACED,
        "unpaid_online": sa.and_(Order.status == OrderStatus.PLACED, Order.paid_at.is_(None),
                                 Order.payment_method == PaymentMethod.ONLINE),
        "failed": Order.status == OrderStatus.DELIVERY_FAILED,
    }
    # Only the rows that can count: the indexes on created_at, delivery_date and status
    # keep this cheap however many old orders there are.
    query = sa.select(*(sa.func.count().filter(condition).label(name)
                        for name, condition in columns.items())
                      ).where(sa.or_(placed_today, for_today, waiting))
    if sub_division_id is not None:
        query = query.where(Order.sub_division_id == sub_division_id)
    return dict(db.session.execute(query).one()._mapping)


def get_online_payment_kept(order_id: int) -> Payment | None:
    """The order's online payment that is paid and not refunded: the money a cancellation
    gives back."""
    return db.session.scalar(sa.select(Payment).where(
        Payment.order_id == order_id, Payment.status == PaymentStatus.PAID,
        Payment.method == PaymentMethod.ONLINE).order_by(Payment.id).limit(1))
