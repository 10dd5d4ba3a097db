"""Building runs, arranging stops, choosing the courier and sending a run out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.fulfilment import queries, services
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import cancel_order
from tests.fulfilment.factories import fresh, make_world, on_delivery_day, order_in, send_out
from tests.helpers import (
    clock_on,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    tomorrow,
)

S = OrderStatus


@pytest.fixture
def world(app):
    return make_world()


def build(world, day=None):
    return services.build_runs(world.nadaun.id, slot_id=world.slot.id, day=day or tomorrow(),
                               actor=world.staff)


def stops_of(run) -> list[tuple[str, str]]:
    """(village, address) of each stop, in the run's order."""
    run = queries.get_run(run.id)
    return [(stop.order.village.name_en, stop.order.address) for stop in run.stops]


def test_runs_are_one_per_block_with_stops_by_panchayat_village_and_address(world):
    order_in(world, "Bela", address="B 2")
    order_in(world, "Amroh", address="Z 9")
    order_in(world, "Nadaun Village", address="N 1")
    order_in(world, "Amroh", address="A 1")
    order_in(world, "Bela", address="B 1")
    runs = build(world)
    assert [run.area_en for run in runs] == ["Bhoranj Block", "Nadaun Block"]
    assert runs[0].area_hi == "भोरंज खंड" and runs[0].status is RunStatus.PLANNED
    assert stops_of(runs[0]) == [("Amroh", "A 1"), ("Amroh", "Z 9"), ("Bela", "B 1"),
                                 ("Bela", "B 2")]
    assert stops_of(runs[1]) == [("Nadaun Village", "N 1")]
    assert [s.position for s in queries.get_run(runs[0].id).stops] == [1, 2, 3, 4]


def test_only_packed_orders_of_that_date_and_slot_go_on_runs(world):
    packed = order_in(world)
    order_in(world, pack=False)  # placed, not confirmed
    order_in(world, day=tomorrow() + timedelta(days=1))
    other_slot = make_slot(world.nadaun, starts="15:00", ends="18:00")
    runs = build(world)
    assert [stop.order_id for stop in queries.get_run(runs[0].id).stops] == [packed.id]
    assert services.build_runs(world.nadaun.id, slot_id=other_slot.id, day=tomorrow(),
                               actor=world.staff) == []


def test_building_twice_puts_no_order_on_two_runs_and_adds_new_ones_at_the_end(world):
    first = order_in(world, address="Z last")
    run = build(world)[0]
    assert build(world) == []
    second = order_in(world, address="A first")
    again = build(world)
    assert [r.id for r in again] == [run.id]
    assert [s.order_id for s in queries.get_run(run.id).stops] == [first.id, second.id]
    assert db.session.scalar(sa.select(sa.func.count(RunStop.id))) == 2


def test_the_database_refuses_a_second_pending_stop_for_an_order(world):
    order = order_in(world)
    run = build(world)[0]
    other = DeliveryRun(sub_division_id=world.nadaun.id, slot_id=world.slot.id,
                        delivery_date=tomorrow(), area_en="X", area_hi="X", courier_name="",
                        courier_phone="", created_by_id=world.staff.id)
    db.session.add(other)
    db.session.flush()
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.add(RunStop(run_id=other.id, order_id=order.id, position=1))
    assert run.id != other.id


def test_only_staff_of_the_sub_division_build_runs_of_its_own_slots(world):
    order_in(world)
    with pytest.raises(Forbidden):
        services.build_runs(world.nadaun.id, slot_id=world.slot.id, day=tomorrow(),
                            actor=world.elsewhere)
    with pytest.raises(Forbidden):
        services.build_runs(world.nadaun.id, slot_id=world.slot.id, day=tomorrow(),
                            actor=world.courier)
    barsar_slot = make_slot(make_sub_division("BRS", "Barsar"))
    with pytest.raises(InvalidInput):
        services.build_runs(world.nadaun.id, slot_id=barsar_slot.id, day=tomorrow(),
                            actor=world.staff)


def test_a_run_goes_to_a_delivery_account_of_its_sub_division_or_a_named_person(world):
    order_in(world)
    run = build(world)[0]
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    assert (run.courier_id, run.courier_name, run.courier_phone) == (
        world.courier.id, "Ravi Courier", world.courier.phone)
    services.assign_courier(run, actor=world.staff, name="  Mohan  Lal ", phone="98160 55555")
    on_delivery_day(run)
    assert (run.courier_id, run.courier_name, run.courier_phone) == (
        None, "Mohan Lal", "+919816055555")


@pytest.mark.parametrize("case", ["staff", "resident", "elsewhere", "no_phone", "no_name"])
def test_a_run_cannot_go_to_someone_else(world, case):
    order_in(world)
    run = build(world)[0]
    barsar = make_sub_division("BRS", "Barsar")
    courier, name, phone = {
        "staff": (world.staff, "", ""),
        "resident": (make_user(), "", ""),
        "elsewhere": (make_user(Role.DELIVERY, sub_division=barsar), "", ""),
        "no_phone": (None, "Mohan", "12"),
        "no_name": (None, " ", "9816055555"),
    }[case]
    with pytest.raises(InvalidInput):
        services.assign_courier(run, actor=world.staff, courier=courier, name=name,
                                phone=phone)
    assert fresh(DeliveryRun, run.id).courier_name == ""


def test_staff_move_a_stop_to_another_planned_run_of_the_same_slot(world):
    bela = order_in(world, "Bela")
    order_in(world, "Nadaun Village", address="N 1")
    order_in(world, "Nadaun Village", address="N 2")
    bhoranj, nadaun_run = build(world)
    stop = queries.get_run(bhoranj.id).stops[0]
    services.move_stop(stop, nadaun_run, actor=world.staff)
    moved = queries.get_run(nadaun_run.id).stops
    assert [(s.order_id, s.position) for s in moved][-1] == (bela.id, 3)
    # Its run had no other stop, so it is gone.
    assert db.session.get(DeliveryRun, bhoranj.id) is None


def test_a_stop_moves_only_between_planned_runs_of_one_date_and_slot(world):
    order_in(world, "Bela")
    order_in(world, "Nadaun Village")
    order_in(world, "Nadaun Village", day=tomorrow() + timedelta(days=1))
    bhoranj, nadaun_run = build(world)
    later = build(world, day=tomorrow() + timedelta(days=1))[0]
    stop = queries.get_run(bhoranj.id).stops[0]
    with pytest.raises(InvalidInput):
        services.move_stop(stop, later, actor=world.staff)
    with pytest.raises(InvalidInput):
        services.move_stop(stop, bhoranj, actor=world.staff)
    nadaun_run = send_out(world, nadaun_run)
    with pytest.raises(InvalidInput):
        services.move_stop(stop, nadaun_run, actor=world.staff)
    back = queries.get_run(nadaun_run.id).stops[0]
    with pytest.raises(Conflict):
        services.move_stop(back, bhoranj, actor=world.staff)


def test_staff_reorder_stops_up_and_down(world):
    for address in ("A", "B", "C"):
        order_in(world, address=address)
    run = build(world)[0]
    a, b, c = queries.get_run(run.id).stops
    services.shift_stop(c, up=True, actor=world.staff)
    assert [a for _v, a in stops_of(run)] == ["A", "C", "B"]
    services.shift_stop(a, up=False, actor=world.staff)
    assert [a for _v, a in stops_of(run)] == ["C", "A", "B"]
    with pytest.raises(Conflict):
        services.shift_stop(b, up=False, actor=world.staff)  # B is last
    with pytest.raises(Conflict):
        services.shift_stop(c, up=True, actor=world.staff)  # C is first
    assert sorted(s.position for s in queries.get_run(run.id).stops) == [1, 2, 3]


def test_dispatch_sends_every_order_out_and_tells_each_buyer(world):
    orders = [order_in(world, address=a) for a in ("A", "B")]
    run = build(world)[0]
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    assert services.dispatch_run(run, actor=world.staff) == 0
    run = fresh(DeliveryRun, run.id)
    assert run.status is RunStatus.OUT and run.dispatched_at is not None
    for order in orders:
        assert fresh(Order, order.id).status is S.OUT_FOR_DELIVERY
        assert messages_to(order.phone)[-1].kind == "order_out_for_delivery"


def test_a_run_leaves_only_with_someone_to_take_it_and_once(world):
    order_in(world)
    run = build(world)[0]
    with pytest.raises(Conflict, match="run_no_courier"):
        services.dispatch_run(run, actor=world.staff)
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    services.dispatch_run(run, actor=world.staff)
    with pytest.raises(Conflict, match="run_not_planned"):
        services.dispatch_run(run, actor=world.staff)
    with pytest.raises(Conflict, match="run_not_planned"):
        services.assign_courier(run, actor=world.staff, courier=world.other_courier)
    with pytest.raises(Forbidden):
        services.dispatch_run(run, actor=world.courier)


def test_an_order_cancelled_after_the_run_was_built_leaves_the_run_at_dispatch(world):
    kept, cancelled = order_in(world, address="A"), order_in(world, address="B")
    run = build(world)[0]
    cancel_order(cancelled, actor=world.staff, reason="Buyer called")
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    assert services.dispatch_run(run, actor=world.staff) == 1
    assert [s.order_id for s in queries.get_run(run.id).stops] == [kept.id]


def test_a_run_whose_orders_were_all_cancelled_does_not_leave(world):
    order = order_in(world)
    run = build(world)[0]
    cancel_order(order, actor=world.staff, reason="Buyer called")
    services.assign_courier(run, actor=world.staff, name="Mohan", phone="9816055555")
    on_delivery_day(run)
    with pytest.raises(Conflict, match="run_empty"):
        services.dispatch_run(run, actor=world.staff)


def test_a_run_whose_day_has_passed_does_not_go_out_and_nobody_is_told(world):
    orders = [order_in(world, address=a) for a in ("A", "B")]
    run = build(world)[0]
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    clock_on(run.delivery_date + timedelta(days=1), hour=7)
    with pytest.raises(Conflict, match="run_late"):
        services.dispatch_run(run, actor=world.staff)
    assert fresh(DeliveryRun, run.id).status is RunStatus.PLANNED
    for order in orders:
        assert fresh(Order, order.id).status is S.PACKED
        assert "order_out_for_delivery" not in {m.kind for m in messages_to(order.phone)}


def test_a_run_goes_out_on_its_day_even_late_in_the_evening(world):
    order_in(world)
    run = build(world)[0]
    services.assign_courier(run, actor=world.staff, courier=world.courier)
    clock_on(run.delivery_date, hour=23)
    services.dispatch_run(run, actor=world.staff)
    assert fresh(DeliveryRun, run.id).status is RunStatus.OUT


def test_runs_are_built_for_today_or_later_but_not_for_a_day_gone_by(world):
    day = tomorrow()
    order = order_in(world, day=day)
    clock_on(day + timedelta(days=1))
    with pytest.raises(Conflict, match="run_late"):
        build(world, day)
    assert db.session.scalar(sa.select(sa.func.count(RunStop.id))
                             .where(RunStop.order_id == order.id)) == 0
    clock_on(day)
    assert [stop.order_id for stop in queries.get_run(build(world, day)[0].id).stops] \
        == [order.id]
