"""The phone-order pages: number first, then one form; bad rows refused with nothing written."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.db import utcnow
from marketplace.delivery.models import SlotLoad
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.orders.phone import PhoneOrderDetails, take_phone_order
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    sign_in,
    tomorrow,
)

CALLER = "+919816077777"


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    (jai, _), (shakti, _) = make_group(nadaun, name="Jai Maa"), make_group(nadaun, name="Shakti")
    return SimpleNamespace(
        nadaun=nadaun, pickle=make_product(jai, price_paise=18000, stock=5),
        honey=make_product(shakti, name_en="Honey", name_hi="शहद", price_paise=35000, stock=2),
        slot=make_slot(nadaun))


@pytest.fixture
def staff_client(client, shop):
    sign_in(client, make_user(Role.STAFF, sub_division=shop.nadaun))
    return client


def form_page(client, phone="98160 77777"):
    return client.get("/panel/phone-orders", query_string={"phone": phone})


def order_data(client, shop, rows=(), **changes) -> dict:
    html = form_page(client).get_data(as_text=True)
    data = dict(re.findall(r'name="(csrf_token|checkout_key)"[^>]*value="([^"]*)"', html))
    data.update({"phone": "98160 77777", "contact_name": "Kamla Devi", "language": "en",
                 "village": str(first_village(shop.nadaun).id),
                 "address": "Ward 3, near the tank", "note": "",
                 "slot": re.search(r'name="slot" value="([^"]+)" checked', html).group(1)})
    for index, (product, quantity) in enumerate(rows):
        data[f"lines-{index}-product"] = str(product)
        data[f"lines-{index}-quantity"] = str(quantity)
    data.update(changes)
    return data


def orders() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Order))


def test_the_first_step_asks_only_for_the_number_with_focus_on_it(staff_client):
    html = staff_client.get("/panel/phone-orders").get_data(as_text=True)
    assert re.search(r'<input type="tel" id="phone" name="phone"[^>]*autofocus', html)
    response = form_page(staff_client, phone="12345")
    assert response.status_code == 400
    assert "valid 10-digit" in response.get_data(as_text=True)


def test_the_form_lists_products_by_group_with_price_unit_and_stock(staff_client, shop):
    full = make_slot(shop.nadaun, capacity=1, starts="15:00", ends="17:00")
    db.session.add(SlotLoad(slot_id=full.id, delivery_date=tomorrow(), booked=1))
    response = form_page(staff_client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<optgroup label="Jai Maa">' in html and '<optgroup label="Shakti">' in html
    assert f"Honey · ₹350/jar · 2 left · #{shop.honey.id}" in html
    assert html.count(f'<option value="{shop.honey.id}"') == 10  # ten rows
    assert re.search(rf'value="{full.id}:{tomorrow().isoformat()}" disabled', html)
    assert 'autofocus id="contact_name"' in html  # a new caller: name next
    assert 'value="+919816077777"' in html


def test_staff_take_an_order_and_see_it_placed(app, staff_client, shop):
    resident = make_user(phone=CALLER)
    data = order_data(staff_client, shop, [(shop.pickle.id, 2), (shop.honey.id, "")])
    response = staff_client.post("/panel/phone-orders", data=data)
    assert response.status_code == 303
    order = db.session.scalars(sa.select(Order)).one()
    assert (order.customer_id, order.total_paise, order.phone) == (resident.id, 71000, CALLER)
    assert [line.quantity for line in order.lines] == [2, 1]  # an empty number means 1
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Order {order.number} is placed" in page and "₹710" in page
    assert any(m.kind == "order_placed" for m in messages_to(CALLER))
    caller = app.test_client()  # the caller, on their own account, sees it under My orders
    sign_in(caller, resident)
    assert order.number in caller.get("/orders").get_data(as_text=True)


def test_a_caller_who_ordered_before_gets_name_and_address_filled_in(staff_client, shop):
    staff_client.post("/panel/phone-orders",
                      data=order_data(staff_client, shop, [(shop.pickle.id, 1)]))
    html = form_page(staff_client).get_data(as_text=True)
    assert 'value="Kamla Devi"' in html and 'value="Ward 3, near the tank"' in html
    assert re.search(r'name="lines-0-product"[^>]*autofocus', html)


def test_a_second_submission_shows_the_first_order(staff_client, shop):
    data = order_data(staff_client, shop, [(shop.pickle.id, 1)])
    first = staff_client.post("/panel/phone-orders", data=data)
    second = staff_client.post("/panel/phone-orders", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert orders() == 1 and shop.pickle.stock == 4


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "1000", "२.५"])
def test_bad_quantities_are_refused_and_nothing_is_written(staff_client, shop, quantity):
    data = order_data(staff_client, shop, [(shop.pickle.id, quantity)])
    response = staff_client.post("/panel/phone-orders", data=data)
    assert response.status_code == 400
    assert "whole number of units" in response.get_data(as_text=True)
    assert orders() == 0 and shop.pickle.stock == 5


@pytest.mark.parametrize("rows", [[], [("", 2)], [("999999", 1)]])
def test_rows_without_a_listed_product_are_refused(staff_client, shop, rows):
    response = staff_client.post("/panel/phone-orders", data=order_data(staff_client, shop, rows))
    assert response.status_code == 400 and orders() == 0


def test_rows_of_one_product_are_added_up(staff_client, shop):
    data = order_data(staff_client, shop, [(shop.pickle.id, 1), (shop.pickle.id, "२")])
    assert staff_client.post("/panel/phone-orders", data=data).status_code == 303
    assert [line.quantity for line in db.session.scalars(sa.select(Order)).one().lines] == [3]


def test_more_than_the_stock_is_refused_naming_the_product(staff_client, shop):
    data = order_data(staff_client, shop, [(shop.pickle.id, 1), (shop.honey.id, 3)])
    response = staff_client.post("/panel/phone-orders", data=data)
    assert response.status_code == 409
    assert "Not enough Honey in stock: 2 left." in response.get_data(as_text=True)
    assert orders() == 0 and (shop.pickle.stock, shop.honey.stock) == (5, 2)


def test_a_full_slot_is_refused(staff_client, shop):
    data = order_data(staff_client, shop, [(shop.pickle.id, 1)])
    day = date.fromisoformat(data["slot"].split(":")[1])
    db.session.add(SlotLoad(slot_id=shop.slot.id, delivery_date=day, booked=shop.slot.capacity))
    response = staff_client.post("/panel/phone-orders", data=data)
    assert response.status_code == 409
    assert "filled up" in response.get_data(as_text=True)
    assert orders() == 0 and shop.pickle.stock == 5


@pytest.mark.parametrize("changes", [{"phone": "12345"}, {"contact_name": ""},
                                     {"language": "fr"}, {"village": "999999"},
                                     {"address": ""}, {"slot": "nonsense"},
                                     {"slot": "999999:2030-01-01"}])
def test_bad_caller_details_are_refused(staff_client, shop, changes):
    data = order_data(staff_client, shop, [(shop.pickle.id, 1)], **changes)
    assert staff_client.post("/panel/phone-orders", data=data).status_code == 400
    assert orders() == 0 and shop.pickle.stock == 5


def test_staff_elsewhere_cannot_use_this_sub_divisions_products_slots_or_orders(client, shop):
    barsar = make_sub_division("BRS", "Barsar")
    make_slot(barsar)
    nadaun_staff = make_user(Role.STAFF, sub_division=shop.nadaun)
    other = SimpleNamespace(nadaun=barsar)
    sign_in(client, make_user(Role.STAFF, sub_division=barsar))
    html = form_page(client).get_data(as_text=True)
    assert "Honey" not in html and "Jai Maa" not in html
    forged = order_data(client, other, [(shop.honey.id, 1)])
    assert client.post("/panel/phone-orders", data=forged).status_code == 400
    nadaun_slot = f"{shop.slot.id}:{re.search(r'[0-9-]{10}', forged['slot']).group(0)}"
    forged = order_data(client, other, [], slot=nadaun_slot)
    assert client.post("/panel/phone-orders", data=forged).status_code == 400
    assert orders() == 0 and shop.honey.stock == 2

    order = take_phone_order([(shop.pickle.id, 1)], PhoneOrderDetails(
        phone=CALLER, contact_name="Kamla", language="hi",
        village_id=first_village(shop.nadaun).id, address="Ward 3", slot_id=shop.slot.id,
        delivery_date=tomorrow(), checkout_key="k"), sub_division=shop.nadaun,
        actor=nadaun_staff, now=utcnow())
    page = client.get(f"/panel/phone-orders?placed={order.id}").get_data(as_text=True)
    assert order.number not in page


def test_the_form_runs_the_same_queries_for_few_or_many_products(staff_client, shop,
                                                                  count_queries):
    form_page(staff_client)
    with count_queries() as few:
        form_page(staff_client)
    group, _ = make_group(shop.nadaun, name="Many")
    for n in range(30):
        make_product(group, name_en=f"Thing {n}", stock=3)
    form_page(staff_client)  # a change drops the kept reference copy: the next page reads it
    with count_queries() as many:
        assert "Thing 29" in form_page(staff_client).get_data(as_text=True)
    assert len(few) == len(many)


def test_a_product_sold_out_since_the_form_was_shown_is_named(staff_client, shop):
    data = order_data(staff_client, shop, [(shop.honey.id, 1)])
    shop.honey.stock = 0
    response = staff_client.post("/panel/phone-orders", data=data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Not enough Honey in stock: 0 left." in html
    assert f'<option value="{shop.honey.id}"' not in html and orders() == 0


def test_a_hindi_reader_finds_groups_and_products_in_hindi_order(staff_client, shop):
    # English: Ambika < Jai Maa < Shakti and Ghee < Mango pickle; Hindi: जय < शक्ति < श्री
    # and आम < घी: the two orders differ.
    (shri, _leader) = make_group(shop.nadaun, name="Ambika")
    shri.name_hi = "श्री अंबिका"
    jai = shop.pickle.group
    jai.name_hi, shop.honey.group.name_hi = "जय माँ", "शक्ति"
    make_product(shri, name_en="Amla candy", name_hi="आंवला कैंडी", stock=3)
    make_product(jai, name_en="Ghee", name_hi="घी", stock=3)
    db.session.commit()
    with staff_client.session_transaction() as session:
        session["lang"] = "hi"
    html = form_page(staff_client).get_data(as_text=True)
    assert _groups(html) == ["जय माँ", "शक्ति", "श्री अंबिका"]
    jai_options = html[html.index('<optgroup label="जय माँ">'):].split("</optgroup>")[0]
    names = re.findall(r'<option value="\d+"[^>]*>([^ ]+)', jai_options)
    assert names.index("आम") < names.index("घी")  # आ before घ; English: Ghee < Mango
    with staff_client.session_transaction() as session:
        session["lang"] = "en"
    english = form_page(staff_client).get_data(as_text=True)
    assert _groups(english) == ["Ambika", "Jai Maa", "Shakti"]


def _groups(html: str) -> list[str]:
    """The groups of a row's product menu (every row has the same), in the order shown."""
    return list(dict.fromkeys(re.findall(r'<optgroup label="([^"]+)">', html)))
