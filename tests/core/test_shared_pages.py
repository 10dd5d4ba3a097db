"""A list page whose cards are everyone's (the directory, the catalogue) is kept once and shared
with signed-in customers, each with their own site header; no one's header is ever shared."""

from __future__ import annotations

import re

import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import cache, db
from marketplace.places.forms import SEARCHED_VILLAGE
from tests.helpers import (
    fill_cart,
    first_village,
    make_group,
    make_product,
    make_user,
    make_worker,
    sign_in,
)

_TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')
_SIGN_OUT = re.compile(r'action="/signout" class="inline">\s*<input type="hidden" '
                       r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


@pytest.fixture
def pickle(nadaun):
    group, _leader = make_group(nadaun)
    product = make_product(group)
    db.session.commit()
    return product


def _kept(path: str):
    return cache.get(f"pages3:en::{path}?")


def test_a_customer_gets_the_kept_list_with_their_own_header(app, client, nadaun, pickle,
                                                            page_cache, monkeypatch):
    assert app.test_client().get("/ndn/products").status_code == 200  # a visitor's copy
    sunita = make_user(name="Sunita")
    fill_cart(sunita, {pickle: 2})
    db.session.commit()
    sign_in(client, sunita)
    hit = client.get("/ndn/products")
    assert hit.headers["X-Page-Cache"] == "hit"
    page = hit.get_data(as_text=True)
    assert "Cart (1)" in page and "Mango pickle" in page  # her cart's one product
    # Just what a fresh page for her holds, but for the token signed anew
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 0)
    fresh = client.get("/ndn/products")
    assert "X-Page-Cache" not in fresh.headers
    assert _TOKEN.sub("", page) == _TOKEN.sub("", fresh.get_data(as_text=True))
    # Her own token, in every form of the page, signs her out.
    tokens = set(_TOKEN.findall(page))
    assert len(tokens) == 1 and "" not in tokens
    assert client.post("/signout", data={"csrf_token": _SIGN_OUT.search(page).group(1)}
                       ).status_code in (302, 303)
    assert "Sign out" not in client.get("/ndn/products").get_data(as_text=True)


def test_a_customers_miss_is_kept_without_their_header_and_no_visitor_gets_it(
        app, client, nadaun, pickle, page_cache):
    sign_in(client, make_user())
    assert "X-Page-Cache" not in client.get("/ndn/products").headers  # nothing kept yet
    _version, parts, with_header, _expires = _kept("/ndn/products")
    kept = b"".join(parts).decode()
    assert not with_header and "Sign out" not in kept and "Mango pickle" in kept
    assert client.get("/ndn/products").headers["X-Page-Cache"] == "hit"  # the next reader's
    visitor = app.test_client()
    first = visitor.get("/ndn/products")
    assert "X-Page-Cache" not in first.headers  # a page without a header is no visitor's
    assert "Sign out" not in first.get_data(as_text=True)
    assert _kept("/ndn/products")[2]  # the visitor's own copy replaced it, header and all
    assert visitor.get("/ndn/products").headers["X-Page-Cache"] == "hit"
    assert client.get("/ndn/products").headers["X-Page-Cache"] == "hit"  # shared both ways


@pytest.mark.parametrize("role", [Role.STAFF, Role.OPERATOR, Role.DELIVERY])
def test_people_who_do_not_buy_always_get_a_fresh_list(client, nadaun, pickle, page_cache,
                                                       role):
    sign_in(client, make_user(role, sub_division=nadaun))
    for path in ("/ndn/products", "/ndn/workers"):
        client.get(path)
        again = client.get(path)
        assert again.status_code == 200 and "X-Page-Cache" not in again.headers
        assert _kept(path) is None


def test_a_customer_with_a_message_to_see_gets_a_fresh_page(client, nadaun, pickle,
                                                           page_cache):
    sign_in(client, make_user())
    client.get("/ndn/products")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your order is on its way.")]
    shown = client.get("/ndn/products")
    assert "X-Page-Cache" not in shown.headers
    assert "Your order is on its way." in shown.get_data(as_text=True)
    assert client.get("/ndn/products").headers["X-Page-Cache"] == "hit"


def test_a_change_shows_at_once_to_customers(client, nadaun, page_cache):
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    sign_in(client, make_user())
    client.get("/ndn/workers")
    assert client.get("/ndn/workers").headers["X-Page-Cache"] == "hit"
    make_worker(nadaun, name="Geeta Devi")
    db.session.commit()
    after = client.get("/ndn/workers")
    assert "X-Page-Cache" not in after.headers and "Geeta Devi" in after.get_data(as_text=True)


def test_a_customers_search_near_a_village_is_noted_on_a_hit_too(app, client, nadaun,
                                                                 page_cache):
    make_worker(nadaun)
    db.session.commit()
    village = first_village(nadaun)
    path = f"/ndn/workers?village={village.id}"
    visitor = app.test_client()
    visitor.get(path)
    with visitor.session_transaction() as session:
        assert SEARCHED_VILLAGE not in session  # a visitor's search writes nothing
    sign_in(client, make_user())
    assert client.get(path).headers["X-Page-Cache"] == "hit"
    with client.session_transaction() as session:
        assert session[SEARCHED_VILLAGE] == village.id


def test_each_language_is_shared_apart(app, client, nadaun, pickle, page_cache):
    sign_in(client, make_user(language="en"))
    client.get("/ndn/products")
    reader = app.test_client()
    reader.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(reader, make_user(language="hi"))
    first = reader.get("/ndn/products")
    assert "X-Page-Cache" not in first.headers  # the English copy is not hers
    hit = reader.get("/ndn/products")
    assert hit.headers["X-Page-Cache"] == "hit"
    page = hit.get_data(as_text=True)
    assert 'lang="hi"' in page and "साइन आउट करें" in page and "Sign out" not in page
