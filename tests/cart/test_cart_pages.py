"""The cart through the browser's eyes: visitors and residents, bad quantities, merging."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.cart.models import Cart, CartItem
from marketplace.cart.services import add_to_cart, open_cart
from marketplace.core.db import utcnow
from marketplace.delivery.services import terms_of
from marketplace.extensions import db
from tests.helpers import make_group, make_product, make_sub_division, make_user, sign_in, submit


@pytest.fixture
def pickle(app):
    group, _ = make_group(make_sub_division())
    return make_product(group, price_paise=18000, stock=5)


def add(client, product, quantity="1"):
    return submit(client, f"/cart/add/{product.id}", {"quantity": quantity},
                  page=f"/ndn/products/{product.id}")


def test_a_visitor_adds_to_the_cart_and_sees_it(client, pickle):
    response = add(client, pickle, "2")
    assert response.status_code == 303
    html = client.get("/cart").get_data(as_text=True)
    assert "Mango pickle" in html and "₹360" in html
    assert "Cart (1)" in client.get("/ndn/products").get_data(as_text=True)


def amounts(html: str) -> dict[str, str]:
    """The cart's or checkout's sums as printed: {"Products": "₹360", "Delivery": …}."""
    return dict(re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", html))


def test_the_cart_prints_the_quote_with_the_charge_below_the_free_threshold(client, pickle):
    add(client, pickle, "2")
    html = client.get("/cart").get_data(as_text=True)
    assert amounts(html) == {"Products": "₹360", "Delivery": "₹30", "Total": "₹390"}
    assert "Delivery is free for orders from ₹500: add ₹140 more to get it free." in html


def test_below_the_smallest_order_the_cart_says_how_much_more_and_offers_no_checkout(
        client, pickle):
    terms = terms_of(pickle.sub_division_id)
    terms.minimum_order_paise = 50000
    db.session.add(terms)
    db.session.commit()
    add(client, pickle, "2")
    html = client.get("/cart").get_data(as_text=True)
    assert "The smallest order is ₹500: add ₹140 more to order." in html
    assert "Go to checkout" not in html
    add(client, pickle, "1")
    html = client.get("/cart").get_data(as_text=True)
    assert "The smallest order is ₹500." in html and "Go to checkout" in html


def test_the_cart_prints_free_delivery_from_the_threshold_on(client, pickle):
    add(client, pickle, "3")
    html = client.get("/cart").get_data(as_text=True)
    assert amounts(html) == {"Products": "₹540", "Delivery": "Free", "Total": "₹540"}
    assert "Delivery is free for orders from" not in html


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "12,5", "abc", "", "100", "NaN"])
def test_bad_quantities_get_a_message_and_change_nothing(client, pickle, quantity):
    response = add(client, pickle, quantity)
    assert response.status_code == 400
    assert db.session.query(Cart).count() == 0 or not db.session.query(Cart).one().items


def test_devanagari_digits_are_read_as_numbers(client, pickle):
    assert add(client, pickle, "२").status_code == 303
    assert "₹360" in client.get("/cart").get_data(as_text=True)


def test_more_than_the_stock_is_refused_with_a_message(client, pickle):
    response = add(client, pickle, "6")
    assert response.status_code == 409
    assert "Not enough in stock" in response.get_data(as_text=True)


def test_the_visitor_cart_joins_the_account_at_sign_in(client, pickle):
    add(client, pickle, "2")
    resident = make_user()
    sign_in(client, resident)
    html = client.get("/cart").get_data(as_text=True)
    assert "₹360" in html
    assert db.session.query(Cart).filter(Cart.visitor_token.is_not(None)).count() == 0


def test_staff_do_not_fill_carts(client, pickle):
    staff = make_user(Role.STAFF, sub_division=make_sub_division())
    sign_in(client, staff)
    assert client.get("/cart").status_code == 403


def test_a_price_change_since_adding_is_pointed_out(client, pickle):
    add(client, pickle, "1")
    pickle.price_paise = 20000
    db.session.flush()
    html = client.get("/cart").get_data(as_text=True)
    assert "The price changed from ₹180 to ₹200" in html


def test_prune_carts_forgets_old_visitor_carts_only(app, client, pickle):
    add(client, pickle, "1")
    owner = make_user()
    sign_in(app.test_client(), owner)
    add_to_cart(open_cart(user_id=owner.id), pickle, 1)
    for cart in db.session.query(Cart):
        cart.updated_at = utcnow() - timedelta(days=40)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["prune-carts"])
    assert "removed 1 visitor cart" in result.output
    assert [c.user_id for c in db.session.query(Cart)] == [owner.id]


@pytest.mark.parametrize("quantity", ["٣", "৩", "３"])
def test_other_scripts_digits_are_refused_with_a_message(client, pickle, quantity):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = add(client, pickle, quantity)
    assert response.status_code == 400
    assert "0-9 or ०-९" in response.get_data(as_text=True)
    assert db.session.query(Cart).count() == 0 or not db.session.query(Cart).one().items


def add_from_list(client, product, quantity="1", next_path="/ndn/products?q=mango"):
    """Press a list card's button: its form sends the page it is on as `next`."""
    return submit(client, f"/cart/add/{product.id}",
                  {"quantity": quantity, "next": next_path}, page="/ndn/products")


def test_a_resident_adds_from_the_list_and_stays_on_it(client, pickle):
    sign_in(client, make_user(name="Sunita"))
    html = client.get("/ndn/products?q=mango").get_data(as_text=True)
    assert f'action="/cart/add/{pickle.id}"' in html
    assert 'name="next" value="/ndn/products?q=mango"' in html
    response = add_from_list(client, pickle, "2")
    assert response.status_code == 303 and response.headers["Location"] == "/ndn/products?q=mango"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added to your cart." in html and "Cart (1)" in html
    assert "₹360" in client.get("/cart").get_data(as_text=True)


@pytest.mark.parametrize("outside", ["https://evil.example/", "//evil.example/products",
                                     "/\\evil.example", "javascript:alert(1)", "products"])
def test_a_next_that_leaves_the_site_is_refused_for_the_products_page(client, pickle, outside):
    response = add_from_list(client, pickle, next_path=outside)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ndn/products/{pickle.id}"


@pytest.mark.parametrize(("quantity", "message"), [("0", "Enter at least 1."),
                                                   ("1.5", "Use whole numbers"),
                                                   ("", "Enter how many.")])
def test_a_bad_quantity_from_the_list_gets_a_message_and_adds_nothing(client, pickle, quantity,
                                                                      message):
    response = add_from_list(client, pickle, quantity)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.query(Cart).count() == 0 or not db.session.query(Cart).one().items


def test_a_visitor_adds_from_the_cached_list_as_a_browser_sends_it(app, client, pickle,
                                                                   monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    app.test_client().get("/ndn/products")  # another visitor's request keeps the shared copy
    kept = client.get("/ndn/products")
    assert kept.headers.get("X-Page-Cache") == "hit" and "Set-Cookie" not in kept.headers
    card_form = re.search(rf'action="/cart/add/{pickle.id}">\s*<input type="hidden" '
                          r'name="csrf_token" value="([^"]*)"', kept.get_data(as_text=True))
    assert card_form.group(1) == ""  # a first visit: no token of her own (core/visitor_forms)
    response = client.post(f"/cart/add/{pickle.id}", headers={"Origin": "http://localhost"},
                           data={"quantity": "1", "next": "/ndn/products", "csrf_token": ""})
    assert response.status_code == 303 and response.headers["Location"] == "/ndn/products"
    mine = client.get("/ndn/products")  # a visitor with a cart sees their own page, not the copy
    assert "X-Page-Cache" not in mine.headers and "Cart (1)" in mine.get_data(as_text=True)


def test_a_product_of_another_sub_division_offers_a_new_cart(client, pickle):
    """A cart holds one sub-division's products: adding another's is refused with a message
    and an offer to start a new cart, which takes the first sub-division's products out."""
    add(client, pickle, "2")
    honey = make_product(make_group(make_sub_division("BRS", "Barsar"), name="Barsar SHG")[0],
                         name_en="Barsar honey", price_paise=30000, stock=5)
    db.session.commit()
    refused = submit(client, f"/cart/add/{honey.id}", {"quantity": "3"},
                     page=f"/brs/products/{honey.id}")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "This product is from another sub-division" in html
    assert "Start a new cart" in html and "Mango pickle" in html
    offer = re.search(r'<form method="post" action="/cart/add/(\d+)" class="card">(.*?)</form>',
                      html, re.S)
    assert int(offer.group(1)) == honey.id and 'name="start_over" value="y"' in offer.group(2)
    started = submit(client, f"/cart/add/{honey.id}", {"quantity": "3", "start_over": "y"},
                     page=f"/brs/products/{honey.id}")
    assert started.status_code == 303
    html = client.get("/cart").get_data(as_text=True)
    assert "Barsar honey" in html and "Mango pickle" not in html
    # More of it is added as always.
    assert submit(client, f"/cart/add/{honey.id}", {"quantity": "1"},
                  page=f"/brs/products/{honey.id}").status_code == 303


@pytest.mark.parametrize(("language", "words"), [("en", "Removed from your cart."),
                                                 ("hi", "आपके कार्ट से हटा दिया गया।")])
def test_a_quantity_set_to_zero_takes_the_line_out_and_says_so(client, pickle, language,
                                                               words):
    add(client, pickle, "2")
    item_id = db.session.scalar(sa.select(CartItem.id))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = submit(client, f"/cart/items/{item_id}", {f"item{item_id}-quantity": "0"},
                      page="/cart")
    assert response.status_code == 303
    assert words in client.get("/cart").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CartItem.id))) == 0


def test_the_cart_of_another_sub_divisions_products_leads_back_to_that_sub_division(client,
                                                                                  pickle):
    """A visitor who came by a link to Barsar's products (the oldest sub-division, Nadaun, is
    the one links that name none lead to) fills the cart there: the cart's "Add more
    products", its products and its menu lead to Barsar, not to Nadaun's catalogue, whose
    products this cart would refuse."""
    honey = make_product(make_group(make_sub_division("BRS", "Barsar"), name="Barsar SHG")[0],
                         name_en="Barsar honey", price_paise=30000, stock=5)
    db.session.commit()
    submit(client, f"/cart/add/{honey.id}", {"quantity": "1"}, page=f"/brs/products/{honey.id}")
    html = client.get("/cart").get_data(as_text=True)
    links = set(re.findall(r'href="/([a-z]{3})/', html))
    assert links == {"brs"}
    assert f'href="/brs/products/{honey.id}"' in html and 'href="/brs/products"' in html


def test_the_checkout_of_another_sub_divisions_cart_leads_back_to_that_sub_division(client,
                                                                                      pickle):
    honey = make_product(make_group(make_sub_division("BRS", "Barsar"), name="Barsar SHG")[0],
                         name_en="Barsar honey", price_paise=30000, stock=5)
    resident = make_user()
    add_to_cart(open_cart(user_id=resident.id), honey, 1)
    db.session.commit()
    sign_in(client, resident)
    html = client.get("/checkout").get_data(as_text=True)
    assert "Barsar honey" in html
    assert set(re.findall(r'href="/([a-z]{3})/', html)) == {"brs"}
