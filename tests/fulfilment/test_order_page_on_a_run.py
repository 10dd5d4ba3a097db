"""The panel's order page while a courier carries the order: the courier settles it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.fulfilment import outcomes
from marketplace.fulfilment.models import DeliveryRun, RunStop
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment
from tests.fulfilment.factories import fresh, make_world, order_in, out_run
from tests.helpers import messages_to, sign_in, submit

S = OrderStatus
CARRIED = "the courier marks it delivered or not delivered on the run"


@pytest.fixture
def world(app):
    return make_world()


def test_staff_pressing_delivered_or_failed_on_a_carried_order_are_refused(app, world):
    run, (order,) = out_run(world, "House 1")
    told = len(messages_to(order.phone))
    page = f"/panel/orders/{order.id}"
    client = app.test_client()
    sign_in(client, world.staff)
    html = client.get(page).get_data(as_text=True)
    assert CARRIED in html
    assert f"{page}/delivered" not in html and f"{page}/failed" not in html
    for action, data in (("delivered", None), ("failed", {"failure_reason": "refused"})):
        refused = submit(client, f"{page}/{action}", data, page=page)
        assert refused.status_code == 409 and CARRIED in refused.get_data(as_text=True)
    order = fresh(Order, order.id)
    assert order.status is S.OUT_FOR_DELIVERY and order.paid_at is None
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))
                             .where(Payment.order_id == order.id)) == 0
    assert len(messages_to(order.phone)) == told
    # The courier takes the cash at the door: it is counted with the run.
    outcomes.mark_stop_delivered(run.stops[0], actor=world.courier)
    assert fresh(DeliveryRun, run.id).cash_expected_paise == order.total_paise
    assert CARRIED not in client.get(page).get_data(as_text=True)


def test_the_page_says_so_in_hindi(app, world):
    _run, (order,) = out_run(world, "House 1")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, world.staff)
    html = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "कूरियर राउंड पर ही इसे डिलीवर" in html


def test_an_order_sent_out_by_hand_keeps_its_buttons(app, world):
    order = order_in(world)
    from marketplace.orders.services import dispatch_order

    dispatch_order(order, actor=world.staff)
    assert db.session.scalar(sa.select(RunStop.id).where(RunStop.order_id == order.id)) is None
    client = app.test_client()
    sign_in(client, world.staff)
    page = f"/panel/orders/{order.id}"
    html = client.get(page).get_data(as_text=True)
    assert f"{page}/delivered" in html and f"{page}/failed" in html and CARRIED not in html
    assert submit(client, f"{page}/delivered", page=page).status_code == 303
    assert fresh(Order, order.id).status is S.DELIVERED
