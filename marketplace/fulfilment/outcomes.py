"""What happened at each door, the cash brought back, and what becomes of failed deliveries.

Services flush, never commit, take the actor explicitly and raise DomainErrors. Every change
of a run locks its row first (PostgreSQL), so two stops of one run marked at once still
return the run exactly once, and a run closes once.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from marketplace.accounts.access import require_staff_for
from marketplace.accounts.models import User
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput, NotFound
from marketplace.core.locks import locked
from marketplace.core.money import format_rupees
from marketplace.delivery.services import give_back_place, take_place
from marketplace.extensions import db
from marketplace.fulfilment.errors import RunError
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.fulfilment.services import lock_run, may_work_run, move_run
from marketplace.notify.services import queue_message
from marketplace.orders.errors import OrderError
from marketplace.orders.labels import FAILURE_REASONS, NEW_DELIVERY_TIME, reason_with_detail
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import cancel_order, mark_delivered, mark_delivery_failed
from marketplace.orders.workflow import transition
from marketplace.payments.models import PaymentMethod

S = OrderStatus
NOTE_LIMIT = 500


def may_mark_stops(run: DeliveryRun) -> bool:
    """Out on the road: its stops are marked delivered or failed (mark_stop_*)."""
    return run.status is RunStatus.OUT


def may_close(run: DeliveryRun) -> bool:
    """Back, every stop marked: staff count the cash it brought and close it (close_run)."""
    return run.status is RunStatus.RETURNED


def _claim(stop: RunStop, actor: User) -> DeliveryRun:
    """Lock the stop's run, check the actor may work it (else NotFound: a courier learns
    nothing of other runs) and that it is out."""
    run = lock_run(stop.run_id)
    if run is None or not may_work_run(run, actor):
        raise NotFound(RunError.RUN)
    db.session.refresh(stop)  # as it is now that the run is ours
    if stop.outcome is not StopOutcome.PENDING:
        raise Conflict(RunError.STOP_DONE)
    if not may_mark_stops(run):
        raise Conflict(RunError.RUN_NOT_OUT)
    return run


def _record(stop: RunStop, outcome: StopOutcome, actor: User, *, reason: str | None = None,
            cash_paise: int = 0) -> None:
    """Compare-and-set the stop's outcome: a second marking of the stop gets
    Conflict('stop_done')."""
    marked = db.session.execute(
        sa.update(RunStop).where(RunStop.id == stop.id, RunStop.outcome == StopOutcome.PENDING)
        .values(outcome=outcome, outcome_reason=reason, outcome_at=utcnow(),
                outcome_by_id=actor.id, cash_collected_paise=cash_paise)
        .execution_options(synchronize_session=False)).rowcount
    if marked != 1:
        raise Conflict(RunError.STOP_DONE)
    db.session.expire(stop)


def _return_if_done(run: DeliveryRun) -> None:
    pending = db.session.scalar(sa.select(sa.func.count(RunStop.id)).where(
        RunStop.run_id == run.id, RunStop.outcome == StopOutcome.PENDING))
    if pending == 0:
        move_run(run, RunStatus.OUT, RunStatus.RETURNED)


def mark_stop_delivered(stop: RunStop, *, actor: User) -> int:
    """The parcel reached the door. A cash order is paid: the cash collected is its total
    (recorded on the stop and as the order's payment). Returns the cash collected. When
    every stop has an outcome, the run is returned. NotFound('run') for someone who may not
    work the run; Conflict('stop_done') for a stop marked already."""
    run = _claim(stop, actor)
    order = db.session.get(Order, stop.order_id)
    cash = (order.total_paise if order.payment_method is PaymentMethod.CASH
            and order.paid_at is None else 0)
    _record(stop, StopOutcome.DELIVERED, actor, cash_paise=cash)
    if order.status is not S.DELIVERED:  # else staff marked it on the order's own page
        mark_delivered(order, actor=actor, courier_id=run.courier_id)
    if cash:
        db.session.execute(sa.update(DeliveryRun).where(DeliveryRun.id == run.id)
                           .values(cash_expected_paise=DeliveryRun.cash_expected_paise + cash)
                           .execution_options(synchronize_session=False))
    _return_if_done(run)
    db.session.flush()
    return cash


def mark_stop_failed(stop: RunStop, *, actor: User, reason: str, other: str = "") -> None:
    """The parcel could not be delivered: `reason` is a FAILURE_REASONS code; 'other' needs
    words (at most 300 characters). The stop and the order keep the code (or the words); the
    buyer is told in their language; the order waits in the failed list for a new slot or a
    cancellation. InvalidInput('reason')."""
    words = " ".join((other or "").split())
    if reason not in FAILURE_REASONS or (reason == "other" and not words) or len(words) > 300:
        raise InvalidInput(RunError.REASON)
    run = _claim(stop, actor)
    order = db.session.get(Order, stop.order_id)
    kept = words if reason == "other" else reason
    _record(stop, StopOutcome.FAILED, actor, reason=kept)
    if order.status is not S.DELIVERY_FAILED:
        mark_delivery_failed(order, actor=actor, reason=kept, courier_id=run.courier_id)
    _return_if_done(run)
    db.session.flush()


def cash_expected(run: DeliveryRun) -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(
        RunStop.cash_collected_paise), 0)).where(RunStop.run_id == run.id))


def close_run(run: DeliveryRun, *, actor: User, handed_in_paise: int, note: str = "") -> None:
    """Staff count the cash a returned run brought back and close it. A difference from the
    cash expected needs a written note (InvalidInput('cash_note'), nothing saved).
    Conflict('run_not_returned') while stops wait; Conflict('run_closed') the second time."""
    require_staff_for(actor, run.sub_division_id)
    run = lock_run(run.id)
    if run.status is RunStatus.CLOSED:
        raise Conflict(RunError.RUN_CLOSED)
    if not may_close(run):
        raise Conflict(RunError.RUN_NOT_RETURNED)
    if handed_in_paise is None or handed_in_paise < 0:
        raise InvalidInput(RunError.CASH)
    expected = cash_expected(run)
    words = " ".join((note or "").split())
    if len(words) > NOTE_LIMIT or (handed_in_paise != expected and not words):
        raise InvalidInput(RunError.CASH_NOTE)
    move_run(run, RunStatus.RETURNED, RunStatus.CLOSED, cash_expected_paise=expected,
             cash_handed_in_paise=handed_in_paise, cash_note=words or None,
             closed_by_id=actor.id)
    record_event("fulfilment.run_closed", actor_id=actor.id, subject_type="delivery_run",
                 subject_id=run.id, sub_division_id=run.sub_division_id, reason=words or None,
                 data={"expected_paise": expected, "handed_in_paise": handed_in_paise})
    db.session.flush()


def _failed_order(order: Order, actor: User) -> Order:
    """Lock a failed order and make sure no run still carries it (its stop is marked first)."""
    require_staff_for(actor, order.sub_division_id)
    order = locked(Order, order.id)
    if order.status is not S.DELIVERY_FAILED:
        raise Conflict(OrderError.ORDER_TRANSITION)
    on_a_run = db.session.scalar(sa.select(RunStop.id).where(
        RunStop.order_id == order.id, RunStop.outcome == StopOutcome.PENDING))
    if on_a_run is not None:
        raise Conflict(RunError.STOP_PENDING)
    return order


def reschedule_delivery(order: Order, *, actor: User, slot_id: int, day: date,
                        now: datetime) -> None:
    """A failed order gets a place in a new slot (the old place goes back) and returns to
    packed, ready for a new run; the buyer is told the new date. Raises what
    delivery.take_place raises ('slot', 'slot_closed', 'slot_full')."""
    order = _failed_order(order, actor)
    old_slot, old_day = order.slot_id, order.delivery_date
    slot = take_place(order.sub_division_id, slot_id, day, now)
    give_back_place(old_slot, old_day)
    order.slot_id, order.delivery_date = slot.id, day
    db.session.flush()
    db.session.expire(order, ["slot"])
    # kept in the order's history, read in either language: figures
    when = f"{day.strftime('%d.%m.%Y')} {slot.starts_at.strftime('%H:%M')}"
    transition(order, S.PACKED, actor_id=actor.id,
               reason=reason_with_detail(NEW_DELIVERY_TIME, when))
    queue_message(order.phone, "order_rescheduled", language=order.language,
                  sub_division_id=order.sub_division_id, number=order.number,
                  total=format_rupees(order.total_paise), date=day,
                  reason="-")


def cancel_failed_delivery(order: Order, *, actor: User, reason: str) -> None:
    """Cancel a failed order (stock and slot place back; a paid online order then needs
    orders.services.refund_order after the commit)."""
    order = _failed_order(order, actor)
    cancel_order(order, actor=actor, reason=reason)
