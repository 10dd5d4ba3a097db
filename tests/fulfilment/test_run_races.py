"""Runs under contention on PostgreSQL: each thread is its own request (app context, session,
connection, commit), all released at once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.fulfilment import outcomes, queries, services
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.orders.models import OrderStatusChange
from marketplace.payments.models import Payment
from tests.fulfilment.factories import make_world, order_in, send_out
from tests.helpers import as_request, run_together, tomorrow

pytestmark = pytest.mark.postgres


def set_up(app: Flask, villages: list[str], *, out: bool = False) -> SimpleNamespace:
    """Packed orders in `villages` (committed); with `out`, one run of them, sent out."""
    with app.app_context():
        world = make_world()
        order_ids = [order_in(world, village, address=f"House {n}").id
                     for n, village in enumerate(villages)]
        run_id = None
        if out:
            run = services.build_runs(world.nadaun.id, slot_id=world.slot.id, day=tomorrow(),
                                      actor=world.staff)[0]
            run_id = send_out(world, run).id
        db.session.commit()
        shared = SimpleNamespace(sub_division_id=world.nadaun.id, slot_id=world.slot.id,
                                 staff_id=world.staff.id, courier_id=world.courier.id,
                                 order_ids=order_ids, run_id=run_id)
        db.session.remove()
    return shared


def test_two_builds_at_once_put_each_order_on_one_run(committed_app):
    shared = set_up(committed_app, ["Bela", "Amroh", "Nadaun Village", "Bela"])

    def build(_index):
        staff = db.session.get(User, shared.staff_id)
        return len(services.build_runs(shared.sub_division_id, slot_id=shared.slot_id,
                                       day=tomorrow(), actor=staff))

    results = run_together(4, lambda i: as_request(committed_app, lambda: build(i)))
    assert sorted(results, key=str)[-1] == 2  # one build made both runs
    assert all(result in (0, 2, "runs_changed") for result in results)
    with committed_app.app_context():
        stops = db.session.scalars(sa.select(RunStop)).all()
        assert sorted(stop.order_id for stop in stops) == sorted(shared.order_ids)
        assert db.session.scalar(sa.select(sa.func.count(DeliveryRun.id))) == 2


def test_a_run_closes_once_when_two_people_close_it(committed_app):
    shared = set_up(committed_app, ["Nadaun Village", "Nadaun Village"], out=True)
    with committed_app.app_context():
        courier = db.session.get(User, shared.courier_id)
        for stop in queries.get_run(shared.run_id).stops:
            outcomes.mark_stop_delivered(stop, actor=courier)
        db.session.commit()
        expected = db.session.get(DeliveryRun, shared.run_id).cash_expected_paise
        db.session.remove()

    def close(index):
        staff = db.session.get(User, shared.staff_id)
        run = db.session.get(DeliveryRun, shared.run_id)
        outcomes.close_run(run, actor=staff, handed_in_paise=expected - index * 100,
                           note=f"count {index}")
        return "closed"

    results = run_together(2, lambda i: as_request(committed_app, lambda: close(i)))
    assert sorted(results) == ["closed", "run_closed"]
    with committed_app.app_context():
        run = db.session.get(DeliveryRun, shared.run_id)
        assert run.status is RunStatus.CLOSED
        winner = results.index("closed")
        assert (run.cash_handed_in_paise, run.cash_note) == (expected - winner * 100,
                                                             f"count {winner}")


def test_the_same_stop_marked_by_two_requests_counts_once(committed_app):
    shared = set_up(committed_app, ["Nadaun Village"], out=True)
    with committed_app.app_context():
        stop_id = queries.get_run(shared.run_id).stops[0].id
        db.session.remove()

    def mark(index):
        courier = db.session.get(User, shared.courier_id)
        stop = db.session.get(RunStop, stop_id)
        if index % 2:
            outcomes.mark_stop_failed(stop, actor=courier, reason="refused")
            return "failed"
        outcomes.mark_stop_delivered(stop, actor=courier)
        return "delivered"

    results = run_together(4, lambda i: as_request(committed_app, lambda: mark(i)))
    assert sorted(results).count("stop_done") == 3
    with committed_app.app_context():
        stop = db.session.get(RunStop, stop_id)
        run = db.session.get(DeliveryRun, shared.run_id)
        assert run.status is RunStatus.RETURNED
        changes = db.session.scalar(sa.select(sa.func.count(OrderStatusChange.id)).where(
            OrderStatusChange.order_id == stop.order_id,
            OrderStatusChange.to_status.in_(("delivered", "delivery_failed"))))
        assert changes == 1
        payments = db.session.scalar(sa.select(sa.func.count(Payment.id)).where(
            Payment.order_id == stop.order_id))
        if stop.outcome is StopOutcome.DELIVERED:
            assert payments == 1 and run.cash_expected_paise == stop.cash_collected_paise > 0
        else:
            assert payments == 0 and run.cash_expected_paise == 0


def test_the_last_stops_marked_at_once_still_return_the_run(committed_app):
    shared = set_up(committed_app, ["Nadaun Village"] * 4, out=True)
    with committed_app.app_context():
        stop_ids = [stop.id for stop in queries.get_run(shared.run_id).stops]
        db.session.remove()

    def mark(index):
        courier = db.session.get(User, shared.courier_id)
        outcomes.mark_stop_delivered(db.session.get(RunStop, stop_ids[index]), actor=courier)
        return "delivered"

    assert run_together(4, lambda i: as_request(committed_app, lambda: mark(i))) == [
        "delivered"] * 4
    with committed_app.app_context():
        run = db.session.get(DeliveryRun, shared.run_id)
        assert run.status is RunStatus.RETURNED
        assert run.cash_expected_paise == outcomes.cash_expected(run) > 0
