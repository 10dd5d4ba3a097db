"""Checkout through the pages: cash on delivery, double submission, tampering, full slots."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.db import utcnow
from marketplace.delivery.services import save_terms
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.helpers import (
    csrf_token_from,
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    sign_in,
    submit,
)


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    (jai, jai_leader), (shakti, shakti_leader) = (make_group(nadaun, name="Jai Maa"),
                                                  make_group(nadaun, name="Shakti"))
    pickle = make_product(jai, price_paise=18000, stock=5)
    honey = make_product(shakti, name_en="Honey", name_hi="शहद", price_paise=35000, stock=2)
    return {"nadaun": nadaun, "pickle": pickle, "honey": honey, "slot": make_slot(nadaun),
            "leaders": {jai.id: jai_leader, shakti.id: shakti_leader}}


def fill(client, *products):
    for product in products:
        submit(client, f"/cart/add/{product.id}", {"quantity": "1"},
               page=f"/ndn/products/{product.id}")


def checkout_form(client) -> dict:
    html = client.get("/checkout").get_data(as_text=True)
    fields = dict(re.findall(r'name="(checkout_key|quoted_total|csrf_token)"[^>]*value="([^"]*)"',
                             html))
    slot = re.search(r'name="slot" value="([^"]+)"', html).group(1)
    return {**fields, "slot": slot}


def order_data(client, shop, **changes):
    form = checkout_form(client)
    return {**form, "village": str(first_village(shop["nadaun"]).id),
            "address": "House 12, near the temple", "phone": "98160 11111", "note": "",
            "payment": "cash", **changes}


def test_a_resident_orders_from_two_groups_with_cash_on_delivery(client, shop):
    resident = make_user()
    sign_in(client, resident)
    fill(client, shop["pickle"], shop["honey"])
    response = client.post("/checkout", data=order_data(client, shop))
    assert response.status_code == 303
    order = db.session.scalars(sa.select(Order)).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert order.number in page and "Jai Maa" in page and "Shakti" in page
    assert "₹530" in page
    assert "Cart (" not in client.get("/ndn/products").get_data(as_text=True)
    assert client.get(f"/orders/{order.number}/receipt").status_code == 200


def test_the_checkout_prints_the_quote_it_asks_the_buyer_to_confirm(client, shop):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    html = client.get("/checkout").get_data(as_text=True)
    printed = dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", html))
    assert printed == {"Products": "₹180", "Delivery": "₹30", "Total": "₹210"}
    assert checkout_form(client)["quoted_total"] == "21000"


def test_submitting_the_same_checkout_twice_makes_one_order(client, shop):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    data = order_data(client, shop)
    first = client.post("/checkout", data=data)
    second = client.post("/checkout", data=data)  # the back button: the cart is empty now
    fill(client, shop["pickle"])  # the cart is filled again; the old form is sent again
    third = client.post("/checkout", data=data)
    assert first.headers["Location"] == second.headers["Location"] == third.headers["Location"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 1


def test_a_tampered_total_is_refused_and_shows_the_real_one(client, shop):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    response = client.post("/checkout", data=order_data(client, shop, quoted_total="100"))
    assert response.status_code == 409
    assert "A price changed" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
    assert shop["pickle"].stock == 5


@pytest.mark.parametrize("changes", [{"village": "999999"}, {"address": ""},
                                     {"phone": "12345"}, {"slot": "999:2020-01-01"},
                                     {"slot": "nonsense"}, {"payment": "online"},
                                     {"payment": "bitcoin"}, {"quoted_total": "9" * 5000}])
def test_bad_checkout_input_is_refused_and_nothing_is_written(client, shop, changes):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    response = client.post("/checkout", data=order_data(client, shop, **changes))
    assert response.status_code in (400, 409)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
    assert shop["pickle"].stock == 5


def test_another_persons_order_is_not_found(client, shop):
    owner = make_user()
    sign_in(client, owner)
    fill(client, shop["pickle"])
    number = client.post("/checkout", data=order_data(client, shop)).headers[
        "Location"].rsplit("/", 1)[1]
    other = make_user()
    client.post("/signout", data={"csrf_token": ""})
    stranger = client.application.test_client()
    sign_in(stranger, other)
    assert stranger.get(f"/orders/{number}").status_code == 404
    assert stranger.get(f"/orders/{number}/receipt").status_code == 404


def test_the_buyer_cancels_before_packing_and_the_stock_comes_back(client, shop):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    location = client.post("/checkout", data=order_data(client, shop)).headers["Location"]
    assert shop["pickle"].stock == 4
    response = submit(client, location + "/cancel", {"reason": ""}, page=location)
    assert response.status_code == 303
    db.session.expire_all()
    assert shop["pickle"].stock == 5
    assert "Cancelled" in client.get(location).get_data(as_text=True)


def test_a_cancelled_cash_order_owes_nothing_and_offers_no_receipt(client, shop):
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    location = client.post("/checkout", data=order_data(client, shop)).headers["Location"]
    placed = client.get(location).get_data(as_text=True)
    assert "not paid yet" in placed and "Receipt to print" in placed
    assert submit(client, location + "/cancel", {"reason": ""}, page=location).status_code == 303
    cancelled = client.get(location).get_data(as_text=True)
    assert "nothing to pay" in cancelled
    assert "not paid yet" not in cancelled and "Receipt to print" not in cancelled


def test_cancelling_a_cancelled_order_again_says_it_is_cancelled_already(client, shop):
    buyer = make_user()
    sign_in(client, buyer)
    fill(client, shop["pickle"])
    location = client.post("/checkout", data=order_data(client, shop)).headers["Location"]
    token = csrf_token_from(client, location)  # a second tab still shows the button
    assert submit(client, location + "/cancel", {"reason": ""}, page=location).status_code \
        == 303
    told = [m.kind for m in messages_to(buyer.phone)]
    for language, words in (("en", "This order is already cancelled."),
                            ("hi", "यह ऑर्डर पहले ही रद्द हो चुका है।")):
        buyer.preferred_language = language
        db.session.flush()
        again = client.post(location + "/cancel", data={"reason": "", "csrf_token": token})
        html = again.get_data(as_text=True)
        assert again.status_code == 409 and words in html and "already packed" not in html
    db.session.expire_all()
    assert shop["pickle"].stock == 5
    assert [m.kind for m in messages_to(buyer.phone)] == told


def test_a_refund_that_cannot_start_leaves_the_order_cancelled_with_a_note(client, shop):
    buyer = make_user()
    order = place_order(buyer, {shop["pickle"]: 1}, method=PaymentMethod.ONLINE,
                        slot=shop["slot"])
    # Paid, but without the provider's payment id a refund cannot be asked for.
    db.session.add(Payment(order_id=order.id, method=PaymentMethod.ONLINE,
                           status=PaymentStatus.PAID, amount_paise=order.total_paise,
                           provider="stripe", paid_at=utcnow()))
    order.paid_at = utcnow()
    db.session.flush()
    sign_in(client, buyer)
    page = f"/orders/{order.number}"
    response = submit(client, page + "/cancel", {"reason": ""}, page=page)
    assert response.status_code == 303
    html = client.get(page).get_data(as_text=True)
    assert "Cancelled" in html and "the SDM office will refund you" in html


def test_an_account_at_its_cap_of_open_cash_orders_is_told_why_at_checkout(client, shop):
    resident = make_user()
    save_terms(shop["nadaun"].id, charge_paise=3000, free_from_paise=50000,
               minimum_order_paise=0, max_open_cash_orders=2, actor_id=resident.id)
    for _ in range(2):
        place_order(resident, {shop["pickle"]: 1}, slot=shop["slot"])
    sign_in(client, resident)
    fill(client, shop["honey"])
    response = client.post("/checkout", data=order_data(client, shop))
    assert response.status_code == 409
    assert "as many orders waiting to be paid in cash on delivery" in response.get_data(
        as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Order.id))) == 2


def test_a_slot_or_village_of_another_sub_division_forged_into_checkout_is_refused(client, shop):
    """The cart is Nadaun's: Barsar's delivery times and villages are not offered, and sent by
    hand they are refused with a message, writing nothing."""
    barsar = make_sub_division("BRS", "Barsar")
    their_slot = make_slot(barsar)
    db.session.commit()
    sign_in(client, make_user())
    fill(client, shop["pickle"])
    page = client.get("/checkout").get_data(as_text=True)
    assert f'value="{their_slot.id}:' not in page
    date = checkout_form(client)["slot"].split(":", 1)[1]
    for forged in ({"slot": f"{their_slot.id}:{date}"},
                   {"village": str(first_village(barsar).id)}):
        response = client.post("/checkout", data=order_data(client, shop, **forged))
        assert response.status_code == 400, forged
        assert "Not a valid choice." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
    assert shop["pickle"].stock == 5


def test_a_stale_tab_tells_the_buyer_why_an_order_on_its_way_or_delivered_stays(client, shop):
    buyer = make_user()
    staff = make_user(Role.STAFF, sub_division=shop["nadaun"])
    sign_in(client, buyer)
    fill(client, shop["pickle"])
    location = client.post("/checkout", data=order_data(client, shop)).headers["Location"]
    token = csrf_token_from(client, location)  # the tab still shows "Cancel" from here on
    order = db.session.scalars(sa.select(Order)).one()
    services.confirm_order(order, actor=staff)
    for part in order.parts:
        services.mark_part_packed(part, actor=shop["leaders"][part.group_id])
    services.dispatch_order(order, actor=staff)
    db.session.commit()
    said = {"en": "already on its way to you", "hi": "आपके पास आने के लिए निकल चुका है"}
    for step in ("out", "delivered"):
        if step == "delivered":
            services.mark_delivered(order, actor=staff)
            db.session.commit()
            said = {"en": "This order has been delivered", "hi": "यह ऑर्डर पहुँचाया जा चुका है"}
        for language, words in said.items():
            buyer.preferred_language = language
            db.session.commit()
            refused = client.post(location + "/cancel", data={"reason": "", "csrf_token": token})
            html = refused.get_data(as_text=True)
            assert refused.status_code == 409 and words in html and "packed" not in html
    db.session.expire_all()
    assert order.status is OrderStatus.DELIVERED and shop["pickle"].stock == 4


def test_an_order_of_another_sub_division_leads_back_to_it(client, shop):
    """The order's page names no sub-division; its menu led to the oldest (Nadaun) for a
    Barsar order."""
    barsar = make_sub_division("BRS", "Barsar")
    honey = make_product(make_group(barsar, name="Barsar SHG")[0], name_en="Barsar honey",
                         price_paise=30000, stock=5)
    resident = make_user()
    order = place_order(resident, {honey: 1})
    db.session.commit()
    sign_in(client, resident)
    html = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert order.number in html
    assert set(re.findall(r'href="/([a-z]{3})/', html)) == {"brs"}
