"""The panel home: today's numbers and what waits, for the sub-division one works on; admins
switch between sub-divisions, staff cannot."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.chat.models import Conversation
from marketplace.core.db import today_in_india, utcnow
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.orders.models import OrderStatus
from marketplace.orders.queries import count_orders_for_day
from marketplace.payments.models import PaymentMethod
from marketplace.workers.models import WorkerStatus
from tests.access.approvals import reviewed_booking
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_user,
    make_worker,
    place_order,
    sign_in,
    submit,
)

S = OrderStatus
_groups = itertools.count(1)


def shop(sub_division, name="Jai Maa SHG"):
    group, _leader = make_group(sub_division, name=name)
    return make_product(group, stock=500), make_slot(sub_division, capacity=500)


def orders(sub_division, count, *, method=None, **changes):
    """`count` orders of the sub-division for tomorrow, with `changes` set on each."""
    product, slot = shop(sub_division, name=f"SHG {next(_groups)}")
    made = [place_order(make_user(name="Buyer"), {product: 1}, slot=slot, method=method)
            for _n in range(count)]
    for order in made:
        for name, value in changes.items():
            setattr(order, name, value)
    db.session.flush()
    return made


def client_of(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_todays_numbers_count_only_what_they_say(nadaun, other_sub_division):
    today = today_in_india()
    orders(nadaun, 2)  # placed today, for tomorrow, not confirmed
    orders(nadaun, 1, method=PaymentMethod.ONLINE)  # … and not paid
    orders(nadaun, 3, delivery_date=today, status=S.PACKED,
           created_at=utcnow() - timedelta(days=2))
    orders(nadaun, 1, delivery_date=today, status=S.DELIVERY_FAILED,
           created_at=utcnow() - timedelta(days=2))
    orders(nadaun, 1, delivery_date=today - timedelta(days=3), status=S.DELIVERED,
           created_at=utcnow() - timedelta(days=4))
    orders(other_sub_division, 4, delivery_date=today)
    numbers = count_orders_for_day(nadaun.id, today)
    assert numbers["placed_today"] == 3
    assert (numbers["today_packed"], numbers["today_delivery_failed"],
            numbers["today_placed"]) == (3, 1, 0)
    assert (numbers["not_confirmed"], numbers["unpaid_online"], numbers["failed"]) == (3, 1, 1)
    everywhere = count_orders_for_day(None, today)
    assert (everywhere["placed_today"], everywhere["today_placed"]) == (7, 4)


def test_staff_see_todays_numbers_and_what_waits_with_links(app, nadaun,
                                                            other_sub_division):
    orders(nadaun, 2)
    orders(nadaun, 1, delivery_date=today_in_india(), status=S.DELIVERY_FAILED)
    orders(other_sub_division, 5)
    make_worker(nadaun, name="Naya", status=WorkerStatus.PENDING_REVIEW)
    make_worker(other_sub_division, name="Elsewhere", status=WorkerStatus.PENDING_REVIEW)
    reviewed_booking(nadaun)
    admin = make_user(Role.ADMIN)
    slot = make_slot(nadaun)
    db.session.add(DeliveryRun(sub_division_id=nadaun.id, delivery_date=today_in_india(),
                               slot_id=slot.id, area_en="Nadaun", area_hi="नादौन",
                               courier_name="Ramu", courier_phone="+919816011111",
                               status=RunStatus.RETURNED, created_by_id=admin.id))
    for sub_division, phone in ((nadaun, "+919816000101"), (nadaun, "+919816000102"),
                                (other_sub_division, "+919816000103")):
        db.session.add(Conversation(sub_division_id=sub_division.id, phone=phone, language="hi",
                                    step="office", data={}, last_message_at=utcnow(),
                                    handed_to_staff_at=utcnow()))
    db.session.flush()
    html = client_of(app, make_user(Role.STAFF, sub_division=nadaun)).get(
        "/panel/").get_data(as_text=True)
    assert "Sub-division panel: Nadaun" in html
    assert "2 orders placed, not confirmed" in html
    assert "1 worker waits for approval" in html
    assert "1 review reported by a worker" in html
    assert "1 failed delivery waits" in html
    assert "1 delivery run waits for its cash to be closed" in html
    assert "2 residents wait for the office on WhatsApp" in html
    assert 'href="/panel/conversations"' in html
    assert "/panel/approvals?kind=worker" in html and "/panel/approvals/audit" in html
    assert "/panel/runs/failed" in html and 'href="/panel/runs"' in html
    assert 'name="sub_division"' not in html  # staff cannot switch


def test_admins_switch_sub_division_and_the_panel_follows(app, nadaun, other_sub_division):
    orders(nadaun, 2)
    orders(other_sub_division, 1)
    client = client_of(app, make_user(Role.ADMIN))
    html = client.get("/panel/").get_data(as_text=True)
    assert "3 orders placed, not confirmed" in html and "all sub-divisions" in html
    response = submit(client, "/panel/", {"sub_division": str(other_sub_division.id)})
    assert response.status_code == 303
    html = client.get("/panel/").get_data(as_text=True)
    assert "Sub-division panel: Barsar" in html
    assert "1 order placed, not confirmed" in html
    orders_page = client.get("/panel/orders").get_data(as_text=True)
    assert "NDN-" not in orders_page and "BRS-" in orders_page
    assert "buyers in Barsar can choose" in client.get("/panel/delivery").get_data(as_text=True)
    submit(client, "/panel/", {"sub_division": ""})
    html = client.get("/panel/").get_data(as_text=True)
    assert "3 orders placed, not confirmed" in html
    assert "NDN-" in client.get("/panel/orders").get_data(as_text=True)


def test_an_admin_cannot_choose_a_sub_division_that_does_not_exist(app, nadaun):
    client = client_of(app, make_user(Role.ADMIN))
    response = submit(client, "/panel/", {"sub_division": "999999"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert client.post("/panel/", data={"sub_division": str(nadaun.id)}).status_code == 400


def test_staff_cannot_switch_to_another_sub_division(app, nadaun, other_sub_division):
    orders(other_sub_division, 1)
    client = client_of(app, make_user(Role.STAFF, sub_division=nadaun))
    response = submit(client, "/panel/", {"sub_division": str(other_sub_division.id)})
    assert response.status_code == 403
    with client.session_transaction() as session:
        session["panel_sub_division_id"] = other_sub_division.id  # even a forged cookie
    assert "BRS-" not in client.get("/panel/orders").get_data(as_text=True)
    assert "Sub-division panel: Nadaun" in client.get("/panel/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_the_home_runs_a_fixed_number_of_queries(app, nadaun, other_sub_division,
                                                 count_queries, role):
    client = client_of(app, make_user(role, sub_division=nadaun if role is Role.STAFF
                                      else None))
    orders(nadaun, 1)
    db.session.flush()
    with count_queries() as few:
        assert client.get("/panel/").status_code == 200
    orders(nadaun, 6, delivery_date=today_in_india(), status=S.CONFIRMED)
    orders(other_sub_division, 4)
    for n in range(5):
        make_worker(nadaun, name=f"Waiting {n}", status=WorkerStatus.PENDING_REVIEW)
        reviewed_booking(nadaun, worker=make_worker(nadaun, name=f"Rated {n}"))
    db.session.flush()
    with count_queries() as many:
        assert client.get("/panel/").status_code == 200
    assert len(many) == len(few)
