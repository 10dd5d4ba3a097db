"""Ordering a delivered order again: today's prices and stock, the next slot with room, and
the checkout core's rules (stock taken, total compared, one order per yes)."""

from __future__ import annotations

import pytest

from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden
from marketplace.extensions import db
from marketplace.orders.checkout import DuplicateCheckout
from marketplace.orders.models import OrderStatus
from marketplace.orders.repeat import offer_repeat, repeat_order
from tests.helpers import make_group, make_product, make_user, place_order


@pytest.fixture
def delivered(nadaun):
    buyer = make_user(language="en")
    group, _leader = make_group(nadaun)
    pickle = make_product(group, stock=10, price_paise=18000)
    honey = make_product(group, name_en="Honey", name_hi="शहद", stock=10, price_paise=25000)
    order = place_order(buyer, {pickle: 2, honey: 1})
    order.status = OrderStatus.DELIVERED
    db.session.flush()
    return order, buyer, pickle, honey


def _repeat(order, buyer, *, key="k1", total=None):
    offer = offer_repeat(order, now=utcnow())
    return repeat_order(order, actor=buyer, shown_total_paise=total or offer.quote.total_paise,
                        slot_id=offer.choice.slot.id, delivery_date=offer.choice.day,
                        checkout_key=key, now=utcnow())


def test_the_offer_has_todays_prices_and_leaves_out_what_is_sold_out(delivered):
    order, _buyer, pickle, honey = delivered
    pickle.price_paise = 20000
    honey.stock = 0
    offer = offer_repeat(order, now=utcnow())
    assert [(line.product_id, line.quantity, line.price_paise) for line in offer.lines] == [
        (pickle.id, 2, 20000)]
    assert offer.left_out == ("Honey",)
    assert offer.choice is not None


def test_repeating_places_a_new_cash_order_and_takes_the_stock(delivered):
    order, buyer, pickle, honey = delivered
    again = _repeat(order, buyer)
    assert again.id != order.id and again.status is OrderStatus.PLACED
    assert (again.customer_id, again.address, again.payment_method) == (
        buyer.id, order.address, "cash")
    assert (pickle.stock, honey.stock) == (6, 8)


def test_a_changed_total_stops_the_repeat(delivered):
    order, buyer, _pickle, _honey = delivered
    with pytest.raises(Conflict) as refused:
        _repeat(order, buyer, total=1)
    assert refused.value.code == "total_changed"


def test_the_same_yes_twice_places_one_order(delivered):
    order, buyer, _pickle, _honey = delivered
    first = _repeat(order, buyer)
    with pytest.raises(DuplicateCheckout) as again:
        _repeat(order, buyer)
    assert again.value.order_id == first.id


@pytest.mark.parametrize("who", ["stranger", "not_delivered"])
def test_only_the_buyer_repeats_a_delivered_order(delivered, who):
    order, buyer, _pickle, _honey = delivered
    if who == "stranger":
        buyer = make_user()
    else:
        order.status = OrderStatus.PLACED
    with pytest.raises(Forbidden):
        _repeat(order, buyer)
