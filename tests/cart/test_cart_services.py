"""Filling a cart: whole units within the stock, one sub-division, goods that are on sale;
reading it with today's prices; a visitor's cart joining the account's at sign-in."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.cart import services as cart_services
from marketplace.cart.models import Cart, CartItem
from marketplace.cart.services import (
    add_to_cart,
    change_quantity,
    find_cart,
    merge_visitor_cart,
    new_visitor_token,
    open_cart,
    prune_visitor_carts,
    quote_cart,
    view_cart,
)
from marketplace.cart.wiring import SESSION_KEY
from marketplace.catalogue.models import ProductStatus
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.extensions import db
from tests.helpers import make_group, make_product, make_sub_division, make_user, sign_in


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    group, _ = make_group(nadaun)
    return SimpleNamespace(
        nadaun=nadaun, group=group,
        pickle=make_product(group, price_paise=18000, stock=5),
        honey=make_product(group, name_en="Honey", name_hi="शहद", price_paise=35000, stock=3),
        buyer=make_user())


@pytest.fixture
def cart(shop):
    return open_cart(user_id=shop.buyer.id)


def quantities(cart: Cart) -> dict[int, int]:
    db.session.expire(cart)
    return {item.product_id: item.quantity for item in cart.items}


# Adding.

def test_an_account_has_one_cart(shop, cart):
    assert open_cart(user_id=shop.buyer.id).id == cart.id
    assert find_cart(user_id=shop.buyer.id).id == cart.id


def test_adding_within_the_stock_adds_up_and_remembers_the_price_seen(shop, cart):
    item = add_to_cart(cart, shop.pickle, 3)
    assert (item.quantity, item.seen_price_paise) == (3, 18000)
    add_to_cart(cart, shop.pickle, 2)
    assert quantities(cart) == {shop.pickle.id: 5}


def test_more_than_the_stock_is_refused_and_the_cart_stays_as_it_was(shop, cart):
    add_to_cart(cart, shop.pickle, 4)
    with pytest.raises(Conflict) as error:
        add_to_cart(cart, shop.pickle, 2)
    assert error.value.code == "not_enough_stock"
    with pytest.raises(Conflict):
        add_to_cart(cart, shop.honey, 4)
    assert quantities(cart) == {shop.pickle.id: 4}


@pytest.mark.parametrize(("quantity", "code"), [
    (0, "quantity"), (-1, "quantity"), (-100, "quantity"), (1.5, "quantity"), ("2", "quantity"),
    (100, "quantity_too_large"), (10**9, "quantity_too_large")])
def test_impossible_quantities_are_refused(shop, cart, quantity, code):
    shop.pickle.stock = 1000
    with pytest.raises(InvalidInput) as error:
        add_to_cart(cart, shop.pickle, quantity)
    assert error.value.code == code
    assert quantities(cart) == {}


def test_adding_up_past_ninety_nine_is_refused(shop, cart):
    shop.pickle.stock = 500
    add_to_cart(cart, shop.pickle, 60)
    with pytest.raises(InvalidInput) as error:
        add_to_cart(cart, shop.pickle, 40)
    assert error.value.code == "quantity_too_large"
    assert quantities(cart) == {shop.pickle.id: 60}


def test_a_cart_holds_one_sub_divisions_goods(shop, cart):
    barsar = make_sub_division("BRS", "Barsar")
    far_away, _ = make_group(barsar, name="Barsar Mahila")
    theirs = make_product(far_away, name_en="Barsar honey")
    add_to_cart(cart, shop.pickle, 1)
    with pytest.raises(InvalidInput) as error:
        add_to_cart(cart, theirs, 1)
    assert error.value.code == "other_sub_division"
    assert quantities(cart) == {shop.pickle.id: 1}


@pytest.mark.parametrize("change", ["pending_review", "rejected", "pick_up_only"])
def test_goods_not_on_sale_for_delivery_cannot_be_added(shop, cart, change):
    if change == "pick_up_only":
        shop.pickle.can_deliver, shop.pickle.can_pick_up = False, True
    else:
        shop.pickle.status = ProductStatus(change)
    with pytest.raises(Conflict) as error:
        add_to_cart(cart, shop.pickle, 1)
    assert error.value.code == "not_on_sale"
    assert quantities(cart) == {}


def test_a_cart_has_a_limit_on_different_goods(shop, cart, monkeypatch):
    monkeypatch.setattr(cart_services, "MAX_ITEMS", 1)
    add_to_cart(cart, shop.pickle, 1)
    with pytest.raises(InvalidInput) as error:
        add_to_cart(cart, shop.honey, 1)
    assert error.value.code == "cart_full"
    add_to_cart(cart, shop.pickle, 1)  # more of the same is fine
    assert quantities(cart) == {shop.pickle.id: 2}


def test_changing_a_quantity_stays_within_the_stock_and_zero_takes_it_out(shop, cart):
    item = add_to_cart(cart, shop.pickle, 1)
    change_quantity(cart, item.id, 5)
    assert quantities(cart) == {shop.pickle.id: 5}
    with pytest.raises(Conflict):
        change_quantity(cart, item.id, 6)
    with pytest.raises(InvalidInput):
        change_quantity(cart, item.id, -1)
    with pytest.raises(InvalidInput) as error:
        change_quantity(cart, item.id + 1000, 1)
    assert error.value.code == "item"
    change_quantity(cart, item.id, 0)
    assert quantities(cart) == {}


def test_one_cannot_change_an_item_of_someone_elses_cart(shop, cart):
    theirs = open_cart(user_id=make_user().id)
    their_item = add_to_cart(theirs, shop.pickle, 1)
    with pytest.raises(InvalidInput):
        change_quantity(cart, their_item.id, 0)
    assert quantities(theirs) == {shop.pickle.id: 1}


# Reading.

def test_the_cart_shows_todays_price_and_flags_a_change(shop, cart):
    add_to_cart(cart, shop.pickle, 2)
    add_to_cart(cart, shop.honey, 1)
    shop.pickle.price_paise = 20000
    db.session.flush()
    basket = view_cart(cart)
    by_product = {line.product.id: line for line in basket.lines}
    assert by_product[shop.pickle.id].price_changed
    assert not by_product[shop.honey.id].price_changed
    assert by_product[shop.pickle.id].total_paise == 40000
    assert quote_cart(basket).items_paise == 40000 + 35000
    assert basket.ready and basket.sub_division_id == shop.nadaun.id


def test_the_cart_flags_goods_gone_out_of_stock_or_off_sale_and_is_not_ready(shop, cart):
    add_to_cart(cart, shop.pickle, 3)
    add_to_cart(cart, shop.honey, 1)
    shop.pickle.stock = 2
    db.session.flush()
    basket = view_cart(cart)
    pickle = next(line for line in basket.lines if line.product.id == shop.pickle.id)
    assert not pickle.enough_stock and not pickle.can_order and pickle.on_sale
    assert not basket.ready
    assert quote_cart(basket).items_paise == 35000  # only what can be ordered counts

    shop.pickle.stock = 10
    shop.honey.status = ProductStatus.REJECTED
    db.session.flush()
    basket = view_cart(cart)
    honey = next(line for line in basket.lines if line.product.id == shop.honey.id)
    assert not honey.on_sale and not basket.ready


def test_an_empty_or_missing_cart_reads_as_empty(shop, cart):
    assert view_cart(None).lines == [] and not view_cart(None).ready
    assert view_cart(cart).count == 0 and view_cart(cart).sub_division_id is None


# Visitors.

def test_a_visitors_cart_joins_the_account_cart_and_disappears(shop, cart):
    token = new_visitor_token()
    visitor = open_cart(visitor_token=token)
    add_to_cart(visitor, shop.pickle, 2)
    add_to_cart(visitor, shop.honey, 1)
    add_to_cart(cart, shop.pickle, 1)

    assert merge_visitor_cart(token, shop.buyer.id) == 2
    assert quantities(cart) == {shop.pickle.id: 3, shop.honey.id: 1}
    assert find_cart(visitor_token=token) is None
    assert db.session.scalar(sa.select(sa.func.count(Cart.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(CartItem.id))) == 2


def test_a_visitors_goods_from_another_sub_division_do_not_join(shop, cart):
    far_away, _ = make_group(make_sub_division("BRS", "Barsar"), name="Barsar Mahila")
    theirs = make_product(far_away, name_en="Barsar honey")
    token = new_visitor_token()
    add_to_cart(open_cart(visitor_token=token), theirs, 1)
    add_to_cart(cart, shop.pickle, 1)
    assert merge_visitor_cart(token, shop.buyer.id) == 0
    assert quantities(cart) == {shop.pickle.id: 1}
    assert find_cart(visitor_token=token) is None


def test_a_visitor_without_a_cart_merges_nothing(shop):
    assert merge_visitor_cart(None, shop.buyer.id) == 0
    assert merge_visitor_cart("no-such-token", shop.buyer.id) == 0
    assert find_cart(user_id=shop.buyer.id) is None


def test_signing_in_brings_the_visitors_cart_along(client, shop):
    token = new_visitor_token()
    add_to_cart(open_cart(visitor_token=token), shop.honey, 2)
    with client.session_transaction() as session:
        session[SESSION_KEY] = token
    sign_in(client, shop.buyer)
    assert quantities(find_cart(user_id=shop.buyer.id)) == {shop.honey.id: 2}
    assert find_cart(visitor_token=token) is None


def test_old_visitor_carts_are_pruned_and_accounts_carts_are_kept(shop, cart):
    old, recent = open_cart(visitor_token="old"), open_cart(visitor_token="recent")
    for basket in (old, recent, cart):
        add_to_cart(basket, shop.pickle, 1)
    long_ago = utcnow() - timedelta(days=40)
    db.session.execute(sa.update(Cart).where(Cart.id.in_([old.id, cart.id]))
                       .values(updated_at=long_ago))
    assert prune_visitor_carts(utcnow() - timedelta(days=30)) == 1
    db.session.expire_all()
    assert find_cart(visitor_token="old") is None
    assert find_cart(visitor_token="recent") is not None
    assert find_cart(user_id=shop.buyer.id) is not None
    assert db.session.scalar(sa.select(sa.func.count(CartItem.id))) == 2
