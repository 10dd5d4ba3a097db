"""Delivery runs: build them from a slot's packed orders, arrange the stops, choose who takes
each run, and send it out.

Services flush, never commit, take the actor explicitly and raise DomainErrors. A run's row
is locked (PostgreSQL) before it changes and its status moves by compare-and-set, so two
people acting on one run at once cannot both succeed. Outcomes and cash: fulfilment.outcomes.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from marketplace.accounts.access import is_staff_for, require_staff_for
from marketplace.accounts.models import Role, User
from marketplace.core.audit import record_event
from marketplace.core.db import today_in_india
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.locks import locked
from marketplace.core.phone import try_normalize_phone
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.fulfilment.errors import RunError
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.fulfilment.workflow import RUNS
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import dispatch_order
from marketplace.places.models import Block, Panchayat, Village

S = OrderStatus


def may_work_run(run: DeliveryRun, actor: User) -> bool:
    """Staff of the run's sub-division, or the delivery account the run is given to."""
    return is_staff_for(actor, run.sub_division_id) or (
        actor.role is Role.DELIVERY and run.courier_id is not None
        and run.courier_id == actor.id)


def lock_run(run_id: int) -> DeliveryRun:
    """The run's row, locked for the rest of the transaction and read afresh."""
    return locked(DeliveryRun, run_id)


#: why a run is no longer in the status it was read in
_NOT_MOVED = {RunStatus.PLANNED: RunError.RUN_NOT_PLANNED, RunStatus.OUT: RunError.RUN_NOT_OUT,
              RunStatus.RETURNED: RunError.RUN_NOT_RETURNED}


def move_run(run: DeliveryRun, before: RunStatus, to: RunStatus, **values) -> None:
    """Compare-and-set the run's status, stamped as its table says; Conflict('run_transition')
    for a move the table does not have, and Conflict when it is no longer `before`."""
    RUNS.check(before, to)
    moved = db.session.execute(
        sa.update(DeliveryRun).where(DeliveryRun.id == run.id, DeliveryRun.status == before)
        .values(status=to, **RUNS.stamp(to), **values)
        .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise Conflict(_NOT_MOVED.get(before, RunError.RUN_CLOSED))
    db.session.expire(run)


def is_planned(run: DeliveryRun) -> bool:
    """Not sent out yet: staff may still choose who takes it, arrange its stops and send it
    out (the services below refuse otherwise)."""
    return run.status is RunStatus.PLANNED


def _require_planned(run: DeliveryRun) -> None:
    if not is_planned(run):
        raise Conflict(RunError.RUN_NOT_PLANNED)


def _require_delivery_day(day: date, *, ahead: bool = False) -> None:
    """A run is of its delivery day: Conflict('run_late') once that day has passed (the
    buyers would hear "today" of a date gone by), and Conflict('run_early') before it,
    unless `ahead` (runs are built ahead, but go out on their day only)."""
    today = today_in_india()
    if day < today:
        raise Conflict(RunError.RUN_LATE)
    if day > today and not ahead:
        raise Conflict(RunError.RUN_EARLY)


def build_runs(sub_division_id: int, *, slot_id: int, day: date,
               actor: User) -> list[DeliveryRun]:
    """Put the packed orders of the date and slot that are on no pending stop onto runs, one
    planned run per block (an existing planned run of that block gets the new stops at its
    end), stops by panchayat, village or ward, then address. Returns the runs that got stops.

    Builders of one slot wait for each other (the slot's row is locked), and the unique index
    on pending stops is the last guard: Conflict('runs_changed') if an order got there first.
    InvalidInput('slot') for a slot of another sub-division; Conflict('run_late') for a day
    gone by.
    """
    require_staff_for(actor, sub_division_id)
    _require_delivery_day(day, ahead=True)
    slot = locked(DeliverySlot, slot_id, key_share=True)
    if slot is None or slot.sub_division_id != sub_division_id:
        raise InvalidInput(RunError.SLOT)
    on_a_run = (sa.select(RunStop.id).where(RunStop.order_id == Order.id,
                                            RunStop.outcome == StopOutcome.PENDING).exists())
    rows = db.session.execute(
        sa.select(Order.id, Block).join(Village, Order.village_id == Village.id)
        .join(Panchayat, Village.panchayat_id == Panchayat.id)
        .join(Block, Village.block_id == Block.id)
        .where(Order.sub_division_id == sub_division_id, Order.slot_id == slot_id,
               Order.delivery_date == day, Order.status == S.PACKED, ~on_a_run)
        .order_by(Block.name_en, Block.id, Panchayat.name_en, Village.name_en,
                  Order.address, Order.id)).all()
    if not rows:
        return []
    planned = {run.area_en: run for run in db.session.scalars(
        sa.select(DeliveryRun).where(
            DeliveryRun.sub_division_id == sub_division_id, DeliveryRun.slot_id == slot_id,
            DeliveryRun.delivery_date == day, DeliveryRun.status == RunStatus.PLANNED)
        .order_by(DeliveryRun.id.desc()))}
    last = dict(db.session.execute(
        sa.select(RunStop.run_id, sa.func.max(RunStop.position))
        .where(RunStop.run_id.in_([run.id for run in planned.values()]))
        .group_by(RunStop.run_id)).all()) if planned else {}
    touched: dict[int, DeliveryRun] = {}
    try:
        with db.session.begin_nested():
            for order_id, block in rows:
                run = planned.get(block.name_en)
                if run is None:
                    run = DeliveryRun(sub_division_id=sub_division_id, slot_id=slot_id,
                                      delivery_date=day, area_en=block.name_en,
                                      area_hi=block.name_hi, courier_name="", courier_phone="",
                                      created_by_id=actor.id)
                    db.session.add(run)
                    db.session.flush()
                    planned[block.name_en] = run
                last[run.id] = last.get(run.id, 0) + 1
                db.session.add(RunStop(run_id=run.id, order_id=order_id, position=last[run.id]))
                touched[run.id] = run
            db.session.flush()
    except sa.exc.IntegrityError as exc:
        raise Conflict(RunError.RUNS_CHANGED) from exc
    record_event("fulfilment.runs_built", actor_id=actor.id, subject_type="delivery_slot",
                 subject_id=slot_id, sub_division_id=sub_division_id,
                 data={"date": day.isoformat(), "orders": len(rows), "runs": sorted(touched)})
    return list(touched.values())


def assign_courier(run: DeliveryRun, *, actor: User, courier: User | None = None,
                   name: str = "", phone: str = "") -> None:
    """Give a planned run to a delivery account of its sub-division, or else to a named
    person with a phone. InvalidInput('courier') for anyone else or a missing name/phone."""
    require_staff_for(actor, run.sub_division_id)
    run = lock_run(run.id)
    _require_planned(run)
    if courier is not None:
        if (courier.role is not Role.DELIVERY or courier.sub_division_id != run.sub_division_id
                or not courier.is_active_account):
            raise InvalidInput(RunError.COURIER)
        run.courier_id, run.courier_name, run.courier_phone = (courier.id, courier.name,
                                                               courier.phone)
    else:
        clean_name = " ".join((name or "").split())
        e164 = try_normalize_phone(phone)
        if not clean_name or len(clean_name) > 80 or e164 is None:
            raise InvalidInput(RunError.COURIER)
        run.courier_id, run.courier_name, run.courier_phone = None, clean_name, e164
    record_event("fulfilment.courier_assigned", actor_id=actor.id, subject_type="delivery_run",
                 subject_id=run.id, sub_division_id=run.sub_division_id,
                 data={"courier_id": run.courier_id, "name": run.courier_name})
    db.session.flush()


def _lock_both(first_id: int, second_id: int) -> tuple[DeliveryRun, DeliveryRun]:
    """Lock two runs in id order (no deadlock with someone locking them the other way)."""
    locked = {run_id: lock_run(run_id) for run_id in sorted((first_id, second_id))}
    return locked[first_id], locked[second_id]


def move_stop(stop: RunStop, target: DeliveryRun, *, actor: User) -> None:
    """Move a stop to the end of another planned run of the same date and slot; a run left
    without stops is removed."""
    require_staff_for(actor, stop.run.sub_division_id)
    if target.id == stop.run_id:
        raise InvalidInput(RunError.SAME_RUN)
    source, target = _lock_both(stop.run_id, target.id)
    _require_planned(source)
    if (target.status is not RunStatus.PLANNED
            or (target.sub_division_id, target.delivery_date, target.slot_id)
            != (source.sub_division_id, source.delivery_date, source.slot_id)):
        raise InvalidInput(RunError.TARGET_RUN)
    end = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(RunStop.position), 0))
                            .where(RunStop.run_id == target.id))
    db.session.execute(sa.update(RunStop).where(RunStop.id == stop.id)
                       .values(run_id=target.id, position=end + 1)
                       .execution_options(synchronize_session=False))
    db.session.expire(stop)
    left = db.session.scalar(sa.select(sa.func.count(RunStop.id))
                             .where(RunStop.run_id == source.id))
    if left == 0:
        db.session.delete(source)
    record_event("fulfilment.stop_moved", actor_id=actor.id, subject_type="run_stop",
                 subject_id=stop.id, sub_division_id=target.sub_division_id,
                 data={"from_run": source.id, "to_run": target.id})
    db.session.flush()


def shift_stop(stop: RunStop, *, up: bool, actor: User) -> None:
    """Swap a stop with the one before it (up) or after it. Conflict('stop_edge') at an end."""
    require_staff_for(actor, stop.run.sub_division_id)
    run = lock_run(stop.run_id)
    _require_planned(run)
    position = db.session.scalar(sa.select(RunStop.position).where(RunStop.id == stop.id))
    neighbour = db.session.scalar(
        sa.select(RunStop)
        .where(RunStop.run_id == run.id,
               RunStop.position < position if up else RunStop.position > position)
        .order_by(RunStop.position.desc() if up else RunStop.position).limit(1)
        .execution_options(populate_existing=True))
    if neighbour is None:
        raise Conflict(RunError.STOP_EDGE)
    # (run, position) is unique: park the stop on a free number while the other moves.
    for stop_id, value in ((stop.id, -stop.id), (neighbour.id, position),
                           (stop.id, neighbour.position)):
        db.session.execute(sa.update(RunStop).where(RunStop.id == stop_id)
                           .values(position=value).execution_options(synchronize_session=False))
    db.session.expire(stop)
    db.session.expire(neighbour)


def dispatch_run(run: DeliveryRun, *, actor: User) -> int:
    """Send a planned run out: each packed order on it goes out for delivery (the buyer is
    told). Stops of orders settled meanwhile on the order's own page (cancelled, failed,
    delivered) leave the run. Returns how many stops left it. Conflict('run_no_courier'),
    Conflict('run_empty'), Conflict('run_not_planned'); Conflict('run_early') before its day
    and Conflict('run_late') after it (a run goes out on its delivery day only)."""
    require_staff_for(actor, run.sub_division_id)
    run = lock_run(run.id)
    _require_planned(run)
    if not run.courier_name:
        raise Conflict(RunError.RUN_NO_COURIER)
    _require_delivery_day(run.delivery_date)
    stops = db.session.scalars(sa.select(RunStop).where(RunStop.run_id == run.id)
                               .order_by(RunStop.position)).all()
    orders = {order.id: order for order in db.session.scalars(
        sa.select(Order).where(Order.id.in_([stop.order_id for stop in stops])))}
    dropped = 0
    for stop in stops:
        order = orders[stop.order_id]
        if order.status is S.PACKED:
            dispatch_order(order, actor=actor)
        elif order.status is not S.OUT_FOR_DELIVERY:
            db.session.delete(stop)
            dropped += 1
    if dropped == len(stops):
        raise Conflict(RunError.RUN_EMPTY)
    move_run(run, RunStatus.PLANNED, RunStatus.OUT)
    record_event("fulfilment.run_dispatched", actor_id=actor.id, subject_type="delivery_run",
                 subject_id=run.id, sub_division_id=run.sub_division_id,
                 data={"stops": len(stops) - dropped, "dropped": dropped})
    db.session.flush()
    return dropped
