"""The forms of kept pages (core/visitor_forms.py): a visitor never given a token is checked by
where the form comes from; anyone holding a token, or signed in, needs it as on every form."""

from __future__ import annotations

import re

import pytest

from marketplace.cart.models import Cart
from marketplace.extensions import db
from tests.helpers import ORIGIN, make_group, make_product, make_sub_division, make_user, sign_in

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def pickle(app):
    group, _ = make_group(make_sub_division())
    return make_product(group, price_paise=18000, stock=5)


def carts_holding_anything() -> int:
    return sum(1 for cart in db.session.query(Cart) if cart.items)


def add(client, product, **headers):
    return client.post(f"/cart/add/{product.id}", headers=headers,
                       data={"quantity": "1", "csrf_token": ""})


def test_a_first_visitors_pages_carry_no_token(client, pickle):
    page = client.get("/ndn/products")
    assert not _TOKEN.search(page.get_data(as_text=True)) and "Set-Cookie" not in page.headers


@pytest.mark.parametrize("headers", [{"Origin": ORIGIN}, {"Referer": f"{ORIGIN}/ndn/products"}],
                         ids=["origin", "referer"])
def test_a_visitor_without_a_token_adds_from_this_site(client, pickle, headers):
    assert add(client, pickle, **headers).status_code == 303
    assert carts_holding_anything() == 1


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Referer": "https://evil.example/page"},
    {"Origin": "http://localhost.evil.example"},
    {"Origin": "https://evil.example", "Referer": f"{ORIGIN}/ndn/products"},
    {},
], ids=["other-site", "null", "other-referer", "look-alike", "origin-wins", "neither"])
def test_a_form_from_elsewhere_is_refused_and_adds_nothing(client, pickle, headers):
    response = add(client, pickle, **headers)
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert carts_holding_anything() == 0


def test_a_browser_sending_no_origin_gets_a_token_with_the_refusal(client, pickle):
    assert add(client, pickle).status_code == 400
    token = _TOKEN.search(client.get("/ndn/products").get_data(as_text=True)).group(1)
    response = client.post(f"/cart/add/{pickle.id}", data={"quantity": "1", "csrf_token": token})
    assert response.status_code == 303 and carts_holding_anything() == 1


def test_a_visitor_holding_a_token_must_send_it(client, pickle):
    client.get("/signin")  # the sign-in form gives her a token
    assert _TOKEN.search(client.get("/ndn/products").get_data(as_text=True))
    assert add(client, pickle, Origin=ORIGIN).status_code == 400
    assert client.post("/language/hi", headers={"Origin": ORIGIN}).status_code == 400
    assert carts_holding_anything() == 0


def test_a_signed_in_person_must_send_the_token(client, pickle):
    sign_in(client, make_user(name="Sunita"))
    language = client.post("/language/hi", headers={"Origin": ORIGIN}, data={"next": "/"})
    assert language.status_code == 400
    assert "lang=\"en\"" in client.get("/ndn/products").get_data(as_text=True)
    assert add(client, pickle, Origin=ORIGIN).status_code == 400


def test_the_language_switch_and_the_sub_division_choice_go_by_origin(client, pickle):
    switched = client.post("/language/hi", headers={"Origin": ORIGIN},
                           data={"next": "/ndn/products", "csrf_token": ""})
    assert switched.status_code == 303
    assert 'lang="hi"' in client.get("/ndn/products").get_data(as_text=True)
    assert client.post("/choose/ndn", headers={"Origin": ORIGIN}).status_code == 303
    assert client.post("/choose/ndn", headers={"Origin": "https://evil.example"}
                       ).status_code == 400
