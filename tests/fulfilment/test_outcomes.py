"""Marking stops delivered or failed, the run coming back, cash handed in, and what becomes
of a failed delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.fulfilment import outcomes, queries, services
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.notify.texts import message_day
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import (
    dispatch_order,
    mark_delivered,
    mark_delivery_failed,
    refund_due,
)
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.fulfilment.factories import (
    booked,
    fresh,
    make_world,
    on_delivery_day,
    order_in,
    out_run,
    planned_run,
)
from tests.helpers import make_slot, make_user, messages_to, tomorrow

S = OrderStatus


@pytest.fixture
def world(app):
    return make_world()


def out_stops(world, *addresses, methods=None, language="en"):
    """out_run with the run's stops beside it: (run, stops, orders)."""
    run, orders = out_run(world, *addresses, methods=methods, language=language)
    return run, run.stops, orders


def test_the_courier_marks_a_cash_order_delivered_and_the_cash_is_recorded(world):
    run, (stop,), (order,) = out_stops(world, "A")
    assert outcomes.mark_stop_delivered(stop, actor=world.courier) == order.total_paise
    stop, order = fresh(RunStop, stop.id), db.session.get(Order, order.id)
    assert stop.outcome is StopOutcome.DELIVERED and stop.outcome_by_id == world.courier.id
    assert stop.cash_collected_paise == order.total_paise
    assert order.status is S.DELIVERED and order.paid_at is not None
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    assert (payment.method, payment.amount_paise, payment.confirmed_by_id) == (
        PaymentMethod.CASH, order.total_paise, world.courier.id)
    assert messages_to(order.phone)[-1].kind == "order_delivered"
    run = db.session.get(DeliveryRun, run.id)
    assert run.status is RunStatus.RETURNED and run.cash_expected_paise == order.total_paise


def test_an_order_paid_online_collects_nothing(world):
    _run, (stop,), (order,) = out_stops(world, "A", methods=[PaymentMethod.ONLINE])
    assert queries.amount_to_collect(stop) == 0
    assert outcomes.mark_stop_delivered(stop, actor=world.courier) == 0
    assert fresh(RunStop, stop.id).cash_collected_paise == 0
    assert db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
        Payment.order_id == order.id, Payment.method == PaymentMethod.CASH)) == 0


def test_marking_a_stop_twice_is_refused_and_changes_nothing(world):
    run, (stop, _other), _orders = out_stops(world, "A", "B")
    outcomes.mark_stop_delivered(stop, actor=world.courier)
    with pytest.raises(Conflict, match="stop_done"):
        outcomes.mark_stop_delivered(fresh(RunStop, stop.id), actor=world.courier)
    with pytest.raises(Conflict, match="stop_done"):
        outcomes.mark_stop_failed(fresh(RunStop, stop.id), actor=world.staff,
                                  reason="refused")
    assert fresh(DeliveryRun, run.id).cash_expected_paise == fresh(
        RunStop, stop.id).cash_collected_paise


def test_another_courier_or_staff_elsewhere_cannot_mark_the_stop(world):
    _run, (stop,), (order,) = out_stops(world, "A")
    for someone in (world.other_courier, world.elsewhere, make_user()):
        with pytest.raises(NotFound):
            outcomes.mark_stop_delivered(stop, actor=someone)
        with pytest.raises(NotFound):
            outcomes.mark_stop_failed(stop, actor=someone, reason="refused")
    assert fresh(Order, order.id).status is S.OUT_FOR_DELIVERY


def test_staff_of_the_sub_division_may_mark_any_run(world):
    run, (stop,), (order,) = out_stops(world, "A")
    outcomes.mark_stop_delivered(stop, actor=world.staff)
    assert fresh(Order, order.id).status is S.DELIVERED


def test_only_staff_or_the_runs_courier_settle_an_order_in_orders(world):
    _run, (stop,), (order,) = out_stops(world, "A")
    for someone, courier_id in ((world.courier, None), (world.other_courier, world.courier.id),
                                (make_user(), None), (world.elsewhere, None)):
        with pytest.raises(Forbidden):
            mark_delivered(order, actor=someone, courier_id=courier_id)
        with pytest.raises(Forbidden):
            mark_delivery_failed(order, actor=someone, reason="x", courier_id=courier_id)
    # A resident named as "courier" is still not a delivery account.
    buyer = make_user()
    with pytest.raises(Forbidden):
        mark_delivered(order, actor=buyer, courier_id=buyer.id)


def test_a_planned_run_cannot_be_marked(world):
    run, _orders = planned_run(world, "A")
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    stop = queries.get_run(run.id).stops[0]
    with pytest.raises(Conflict, match="run_not_out"):
        outcomes.mark_stop_delivered(stop, actor=world.courier)


def test_a_failed_delivery_keeps_the_reason_and_tells_the_buyer_in_their_language(world):
    run, (stop,), (order,) = out_stops(world, "A", language="hi")
    outcomes.mark_stop_failed(stop, actor=world.courier, reason="nobody_home")
    stop, order = fresh(RunStop, stop.id), db.session.get(Order, order.id)
    assert (stop.outcome, stop.outcome_reason, stop.cash_collected_paise) == (
        StopOutcome.FAILED, "nobody_home", 0)
    assert order.status is S.DELIVERY_FAILED
    told = messages_to(order.phone)[-1]
    assert told.kind == "order_delivery_failed" and told.language == "hi"
    assert fresh(DeliveryRun, run.id).status is RunStatus.RETURNED


@pytest.mark.parametrize(("reason", "other"), [("", ""), ("lost", ""), ("other", "  "),
                                               ("other", "x" * 301)])
def test_a_failure_needs_a_known_reason_or_words(world, reason, other):
    _run, (stop,), (order,) = out_stops(world, "A")
    with pytest.raises(InvalidInput):
        outcomes.mark_stop_failed(stop, actor=world.courier, reason=reason, other=other)
    assert fresh(RunStop, stop.id).outcome is StopOutcome.PENDING
    assert fresh(Order, order.id).status is S.OUT_FOR_DELIVERY


def test_other_reason_keeps_the_words(world):
    _run, (stop,), (order,) = out_stops(world, "A")
    outcomes.mark_stop_failed(stop, actor=world.courier, reason="other", other=" Gate  locked ")
    assert fresh(RunStop, stop.id).outcome_reason == "Gate locked"
    assert fresh(Order, order.id).status_reason == "Gate locked"


def test_the_run_returns_only_when_every_stop_has_an_outcome(world):
    run, (first, second), _ = out_stops(world, "A", "B")
    outcomes.mark_stop_delivered(first, actor=world.courier)
    assert fresh(DeliveryRun, run.id).status is RunStatus.OUT
    with pytest.raises(Conflict, match="run_not_returned"):
        outcomes.close_run(fresh(DeliveryRun, run.id), actor=world.staff, handed_in_paise=0)
    outcomes.mark_stop_failed(fresh(RunStop, second.id), actor=world.courier,
                              reason="refused")
    assert fresh(DeliveryRun, run.id).status is RunStatus.RETURNED


def test_staff_cannot_settle_by_hand_an_order_a_courier_carries_and_the_cash_stays_counted(
        world):
    run, (stop,), (order,) = out_stops(world, "A")
    told = len(messages_to(order.phone))
    for settle in (lambda: mark_delivered(order, actor=world.staff),
                   lambda: mark_delivery_failed(order, actor=world.staff, reason="refused")):
        with pytest.raises(Conflict, match="on_a_run_out"):
            settle()
    order = fresh(Order, order.id)
    assert order.status is S.OUT_FOR_DELIVERY and order.paid_at is None
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))
                             .where(Payment.order_id == order.id)) == 0
    assert len(messages_to(order.phone)) == told
    assert outcomes.mark_stop_delivered(fresh(RunStop, stop.id), actor=world.courier) \
        == order.total_paise
    assert fresh(DeliveryRun, run.id).cash_expected_paise == order.total_paise


def test_staff_settle_by_hand_an_order_sent_out_without_a_run(world):
    by_hand = order_in(world)
    dispatch_order(by_hand, actor=world.staff)
    mark_delivered(by_hand, actor=world.staff)
    assert fresh(Order, by_hand.id).status is S.DELIVERED and by_hand.paid_at is not None


# Cash.

def returned_run(world):
    run, stops, orders = out_stops(world, "A", "B", "C", methods=[
        PaymentMethod.CASH, PaymentMethod.CASH, PaymentMethod.ONLINE])
    outcomes.mark_stop_delivered(stops[0], actor=world.courier)
    outcomes.mark_stop_delivered(stops[1], actor=world.courier)
    outcomes.mark_stop_delivered(stops[2], actor=world.courier)
    return fresh(DeliveryRun, run.id), orders


def test_cash_expected_is_what_the_cash_orders_brought_in(world):
    run, orders = returned_run(world)
    assert outcomes.cash_expected(run) == run.cash_expected_paise == (
        orders[0].total_paise + orders[1].total_paise)


def test_a_run_closes_when_the_cash_matches(world):
    run, _orders = returned_run(world)
    outcomes.close_run(run, actor=world.staff, handed_in_paise=run.cash_expected_paise)
    run = fresh(DeliveryRun, run.id)
    assert run.status is RunStatus.CLOSED and run.closed_by_id == world.staff.id
    assert run.cash_handed_in_paise == run.cash_expected_paise and run.cash_note is None
    assert run.closed_at is not None
    assert db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "fulfilment.run_closed", AuditEvent.subject_id == run.id))


@pytest.mark.parametrize("note", ["", "   "])
def test_a_difference_without_a_written_reason_saves_nothing(world, note):
    run, _orders = returned_run(world)
    with pytest.raises(InvalidInput, match="cash_note"):
        outcomes.close_run(run, actor=world.staff, handed_in_paise=run.cash_expected_paise - 100,
                           note=note)
    run = fresh(DeliveryRun, run.id)
    assert run.status is RunStatus.RETURNED and run.cash_handed_in_paise is None


def test_a_difference_with_a_reason_closes_and_zero_is_allowed(world):
    run, _orders = returned_run(world)
    outcomes.close_run(run, actor=world.staff, handed_in_paise=0, note="Lost on the way")
    run = fresh(DeliveryRun, run.id)
    assert (run.status, run.cash_handed_in_paise, run.cash_note) == (
        RunStatus.CLOSED, 0, "Lost on the way")


def test_a_run_with_no_cash_closes_with_zero(world):
    run, (stop,), _ = out_stops(world, "A", methods=[PaymentMethod.ONLINE])
    outcomes.mark_stop_delivered(stop, actor=world.courier)
    outcomes.close_run(fresh(DeliveryRun, run.id), actor=world.staff, handed_in_paise=0)
    assert fresh(DeliveryRun, run.id).status is RunStatus.CLOSED


def test_a_closed_run_cannot_close_again_or_change(world):
    run, _orders = returned_run(world)
    outcomes.close_run(run, actor=world.staff, handed_in_paise=run.cash_expected_paise)
    run = fresh(DeliveryRun, run.id)
    with pytest.raises(Conflict, match="run_closed"):
        outcomes.close_run(run, actor=world.staff, handed_in_paise=0, note="again")
    with pytest.raises(Conflict):
        services.assign_courier(run, actor=world.staff, courier=world.other_courier)
    with pytest.raises(Conflict):
        services.dispatch_run(run, actor=world.staff)
    stop = queries.get_run(run.id).stops[0]
    with pytest.raises(Conflict):
        services.shift_stop(stop, up=False, actor=world.staff)
    with pytest.raises(Conflict):
        outcomes.mark_stop_failed(stop, actor=world.staff, reason="refused")
    assert fresh(DeliveryRun, run.id).cash_note is None


def test_only_staff_of_the_sub_division_close_a_run(world):
    run, _orders = returned_run(world)
    for someone in (world.courier, world.elsewhere):
        with pytest.raises(Forbidden):
            outcomes.close_run(run, actor=someone, handed_in_paise=run.cash_expected_paise)


# Failed deliveries.

def failed_order(world, method=PaymentMethod.CASH):
    run, (stop,), (order,) = out_stops(world, "A", methods=[method])
    outcomes.mark_stop_failed(stop, actor=world.courier, reason="nobody_home")
    return db.session.get(Order, order.id)


def test_a_failed_order_gets_a_new_slot_and_goes_back_to_packed_for_a_new_run(world):
    order = failed_order(world)
    first_day = order.delivery_date  # the clock is on that day now (the run went out)
    later = make_slot(world.nadaun, starts="15:00", ends="18:00")
    day = first_day + timedelta(days=1)
    before_old, before_new = booked(world.slot.id, first_day), booked(later.id, day)
    outcomes.reschedule_delivery(order, actor=world.staff, slot_id=later.id, day=day,
                                 now=utcnow())
    order = fresh(Order, order.id)
    assert (order.status, order.slot_id, order.delivery_date) == (S.PACKED, later.id, day)
    assert booked(world.slot.id, first_day) == before_old - 1
    assert booked(later.id, day) == before_new + 1
    told = messages_to(order.phone)[-1]
    assert message_day(day, order.language) in told.body
    new_run = services.build_runs(world.nadaun.id, slot_id=later.id, day=day,
                                  actor=world.staff)[0]
    assert [s.order_id for s in queries.get_run(new_run.id).stops] == [order.id]


def test_a_reschedule_into_a_full_slot_changes_nothing(world):
    order = failed_order(world)
    full = make_slot(world.nadaun, starts="15:00", ends="18:00", capacity=1)
    db.session.execute(sa.text("INSERT INTO slot_loads (slot_id, delivery_date, booked) "
                               "VALUES (:s, :d, 1)"), {"s": full.id, "d": tomorrow()})
    with pytest.raises(Conflict, match="slot_full"):
        outcomes.reschedule_delivery(order, actor=world.staff, slot_id=full.id,
                                     day=tomorrow(), now=utcnow())
    assert fresh(Order, order.id).status is S.DELIVERY_FAILED


def test_only_a_failed_order_is_rescheduled_and_only_by_staff(world):
    order = failed_order(world)
    with pytest.raises(Forbidden):
        outcomes.reschedule_delivery(order, actor=world.courier, slot_id=world.slot.id,
                                     day=tomorrow(), now=utcnow())
    packed = order_in(world)
    with pytest.raises(Conflict):
        outcomes.reschedule_delivery(packed, actor=world.staff, slot_id=world.slot.id,
                                     day=tomorrow(), now=utcnow())


def test_a_failed_order_is_cancelled_with_stock_and_place_back(world):
    order = failed_order(world)
    first_day = order.delivery_date  # the clock is on that day now (the run went out)
    stock, places = world.product.stock, booked(world.slot.id, first_day)
    outcomes.cancel_failed_delivery(order, actor=world.staff, reason="Buyer moved")
    order = fresh(Order, order.id)
    assert order.status is S.CANCELLED and order.status_reason == "Buyer moved"
    assert fresh(type(world.product), world.product.id).stock == stock + 1
    assert booked(world.slot.id, first_day) == places - 1


def test_a_cancelled_failed_order_paid_online_is_owed_a_refund(world):
    order = failed_order(world, PaymentMethod.ONLINE)
    outcomes.cancel_failed_delivery(order, actor=world.staff, reason="Buyer moved")
    payment = refund_due(fresh(Order, order.id))
    assert payment is not None and payment.status is PaymentStatus.PAID


def test_an_order_still_on_a_run_is_marked_there_first(world):
    run, (stop,), (order,) = out_stops(world, "A")
    with pytest.raises(Conflict, match="on_a_run_out"):
        mark_delivery_failed(order, actor=world.staff, reason="Called: away")
    with pytest.raises(Conflict, match="order_transition"):
        outcomes.cancel_failed_delivery(fresh(Order, order.id), actor=world.staff,
                                        reason="x")
    outcomes.mark_stop_failed(fresh(RunStop, stop.id), actor=world.staff, reason="refused")
    outcomes.cancel_failed_delivery(fresh(Order, order.id), actor=world.staff, reason="x")
    assert fresh(DeliveryRun, run.id).status is RunStatus.RETURNED
