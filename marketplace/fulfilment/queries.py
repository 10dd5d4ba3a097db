"""Reads for fulfilment: pick lists, runs with their stop counts, one run with everything its
sheet shows, couriers, and the deliveries that failed. Each is a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import ProductUnit
from marketplace.core.i18n import by_name
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.orders.models import Order, OrderPart, OrderStatus, PartStatus
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import Village
from marketplace.shg.models import SelfHelpGroup

#: orders whose parts are on a pick list: accepted, packed or being packed
PICK_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.PACKED)


@dataclass
class PickTotal:
    name_en: str
    name_hi: str
    unit: ProductUnit
    quantity: int


@dataclass
class PickGroup:
    """What one SHG hands over for a date and slot: totals per product, then per order."""

    group: SelfHelpGroup
    parts: list[OrderPart] = field(default_factory=list)
    totals: list[PickTotal] = field(default_factory=list)


def list_pick_groups(sub_division_id: int, day: date, slot_id: int,
                     locale: str) -> list[PickGroup]:
    """Groups and each group's products in the alphabetical order of `locale`, a group's
    orders by number. Two queries: the parts (with order and group), then their lines."""
    parts = db.session.scalars(
        sa.select(OrderPart).join(Order, OrderPart.order_id == Order.id)
        .join(SelfHelpGroup, OrderPart.group_id == SelfHelpGroup.id)
        .where(Order.sub_division_id == sub_division_id, Order.delivery_date == day,
               Order.slot_id == slot_id, Order.status.in_(PICK_STATUSES),
               OrderPart.status != PartStatus.CANCELLED)
        .options(joinedload(OrderPart.order), joinedload(OrderPart.group),
                 selectinload(OrderPart.lines))
        .order_by(Order.number)).unique().all()
    groups = {group.id: PickGroup(group=group)
              for group in by_name({part.group for part in parts}, locale)}
    for part in parts:
        groups[part.group_id].parts.append(part)
    for entry in groups.values():
        totals: dict[tuple, PickTotal] = {}
        for part in entry.parts:
            for line in part.lines:
                key = (line.product_id, line.unit)
                if key not in totals:
                    totals[key] = PickTotal(line.name_en, line.name_hi, line.unit, 0)
                totals[key].quantity += line.quantity
        entry.totals = by_name(totals.values(), locale)
    return list(groups.values())


def _stop_counts() -> sa.Subquery:
    pending = sa.case((RunStop.outcome == StopOutcome.PENDING, 1), else_=0)
    return (sa.select(RunStop.run_id, sa.func.count(RunStop.id).label("stops"),
                      sa.func.sum(pending).label("pending"))
            .group_by(RunStop.run_id).subquery())


def list_runs(sub_division_id: int | None, *, day: date | None = None,
              slot_id: int | None = None, statuses: tuple[RunStatus, ...] | None = None,
              courier_id: int | None = None, out_or_day: date | None = None,
              through: date | None = None) -> sa.Select:
    """Rows of (run, number of stops, stops without an outcome), the slot loaded; one query.
    `sub_division_id` None: every sub-division (admins). `out_or_day`: runs of that day, or
    still out from an earlier one. `through`: runs of that day or earlier."""
    counts = _stop_counts()
    query = (sa.select(DeliveryRun, sa.func.coalesce(counts.c.stops, 0),
                       sa.func.coalesce(counts.c.pending, 0))
             .outerjoin(counts, counts.c.run_id == DeliveryRun.id)
             .options(joinedload(DeliveryRun.slot)))
    if sub_division_id is not None:
        query = query.where(DeliveryRun.sub_division_id == sub_division_id)
    if day is not None:
        query = query.where(DeliveryRun.delivery_date == day)
    if slot_id is not None:
        query = query.where(DeliveryRun.slot_id == slot_id)
    if statuses is not None:
        query = query.where(DeliveryRun.status.in_(statuses))
    if courier_id is not None:
        query = query.where(DeliveryRun.courier_id == courier_id)
    if through is not None:
        query = query.where(DeliveryRun.delivery_date <= through)
    if out_or_day is not None:
        query = query.where(sa.or_(DeliveryRun.delivery_date == out_or_day,
                                   DeliveryRun.status == RunStatus.OUT))
    return query.order_by(DeliveryRun.delivery_date, DeliveryRun.slot_id, DeliveryRun.area_en,
                          DeliveryRun.id)


def get_run(run_id: int, *, with_lines: bool = False) -> DeliveryRun | None:
    """The run with its slot and its stops in order, each with the order, village and
    panchayat (and the order's lines when asked): three queries at most."""
    order_path = selectinload(DeliveryRun.stops).joinedload(RunStop.order)
    options = [joinedload(DeliveryRun.slot),
               order_path.joinedload(Order.village).joinedload(Village.panchayat)]
    if with_lines:
        options.append(selectinload(DeliveryRun.stops).joinedload(RunStop.order)
                       .selectinload(Order.lines))
    return db.session.scalar(sa.select(DeliveryRun).where(DeliveryRun.id == run_id)
                             .options(*options))


def get_stop(stop_id: int) -> RunStop | None:
    return db.session.scalar(sa.select(RunStop).where(RunStop.id == stop_id)
                             .options(joinedload(RunStop.run), joinedload(RunStop.order)))


def list_couriers(sub_division_id: int) -> sa.Select:
    """The sub-division's delivery accounts that may sign in, by name."""
    return (sa.select(User).where(User.role == Role.DELIVERY,
                                  User.sub_division_id == sub_division_id,
                                  User.is_active_account)
            .order_by(User.name, User.id))


def list_sibling_runs(run: DeliveryRun) -> sa.Select:
    """The other planned runs of the same sub-division, date and slot (where a stop may go)."""
    return (sa.select(DeliveryRun).where(
        DeliveryRun.sub_division_id == run.sub_division_id,
        DeliveryRun.delivery_date == run.delivery_date, DeliveryRun.slot_id == run.slot_id,
        DeliveryRun.status == RunStatus.PLANNED, DeliveryRun.id != run.id)
        .order_by(DeliveryRun.area_en, DeliveryRun.id))


def list_failed_deliveries(sub_division_id: int | None) -> sa.Select:
    """Rows of (order, its last failed stop or None) for orders that could not be delivered,
    oldest delivery date first; village and slot loaded; one query."""
    last_failed = (sa.select(RunStop.order_id, sa.func.max(RunStop.id).label("stop_id"))
                   .where(RunStop.outcome == StopOutcome.FAILED)
                   .group_by(RunStop.order_id).subquery())
    stop = aliased(RunStop)
    query = (sa.select(Order, stop)
             .outerjoin(last_failed, last_failed.c.order_id == Order.id)
             .outerjoin(stop, stop.id == last_failed.c.stop_id)
             .where(Order.status == OrderStatus.DELIVERY_FAILED)
             .options(joinedload(Order.village), joinedload(Order.slot)))
    if sub_division_id is not None:
        query = query.where(Order.sub_division_id == sub_division_id)
    return query.order_by(Order.delivery_date, Order.id)


def count_failed_deliveries(sub_division_id: int | None) -> int:
    query = sa.select(sa.func.count(Order.id)).where(
        Order.status == OrderStatus.DELIVERY_FAILED)
    if sub_division_id is not None:
        query = query.where(Order.sub_division_id == sub_division_id)
    return db.session.scalar(query)


def get_failed_order(order_id: int) -> Order | None:
    return db.session.scalar(sa.select(Order).where(Order.id == order_id)
                             .options(joinedload(Order.slot)))


def amount_to_collect(stop: RunStop) -> int:
    """Cash the courier takes at this door: a delivered stop's cash, else the total of a
    cash order not yet paid (an order paid online: nothing)."""
    if stop.outcome is StopOutcome.DELIVERED:
        return stop.cash_collected_paise
    order = stop.order
    if (stop.outcome is StopOutcome.PENDING and order.payment_method is PaymentMethod.CASH
            and order.paid_at is None):
        return order.total_paise
    return 0


def amounts_to_collect(run: DeliveryRun) -> tuple[dict[int, int], int]:
    """({stop id: paise to collect}, the run's total) for a run loaded by get_run."""
    amounts = {stop.id: amount_to_collect(stop) for stop in run.stops}
    return amounts, sum(amounts.values())


def is_on_a_run_out(order: Order) -> bool:
    """The order's stop waits for its outcome on a run that is out: the courier carries it
    (orders.services.is_carried asks this)."""
    return db.session.scalar(sa.select(
        sa.select(RunStop.id).join(DeliveryRun, RunStop.run_id == DeliveryRun.id)
        .where(RunStop.order_id == order.id, RunStop.outcome == StopOutcome.PENDING,
               DeliveryRun.status == RunStatus.OUT).exists()))
