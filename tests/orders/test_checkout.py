"""Placing an order: stock, slot, number, parts per SHG, totals from the server only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.core.db import INDIA
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.delivery.services import save_terms, terms_of
from marketplace.extensions import db
from marketplace.orders.checkout import DuplicateCheckout
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import PaymentMethod
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
)


@pytest.fixture
def nadaun(app):
    return make_sub_division()


def test_an_order_takes_the_stock_and_splits_into_one_part_per_group(nadaun):
    (group_a, _), (group_b, _) = make_group(nadaun, name="Jai Maa"), make_group(
        nadaun, name="Shakti")
    pickle = make_product(group_a, price_paise=18000, stock=5)
    honey = make_product(group_b, name_en="Honey", name_hi="शहद", price_paise=35000, stock=3)
    buyer = make_user()

    order = place_order(buyer, {pickle: 2, honey: 1})

    # numbered by the year in India, where the order was placed
    assert order.number == f"NDN-{order.created_at.astimezone(INDIA).year}-000001"
    assert order.items_paise == 2 * 18000 + 35000
    assert order.delivery_paise == 0  # free from ₹500 by default
    assert order.total_paise == order.items_paise
    assert sorted(p.items_paise for p in order.parts) == [35000, 36000]
    assert (pickle.stock, honey.stock) == (3, 2)
    assert pickle.units_sold == 2
    assert order.status is OrderStatus.PLACED
    assert "NDN-" in messages_to(buyer.phone)[-1].body


def test_order_numbers_count_up_per_sub_division(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=10)
    slot = make_slot(nadaun)
    first = place_order(make_user(), {product: 1}, slot=slot)
    second = place_order(make_user(), {product: 1}, slot=slot)
    assert second.number.endswith("000002") and first.number.endswith("000001")


def test_a_small_order_pays_the_delivery_charge(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, price_paise=10000)
    order = place_order(make_user(), {product: 1})
    assert (order.delivery_paise, order.total_paise) == (3000, 13000)


def test_a_tampered_or_stale_total_stops_the_checkout(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, price_paise=10000, stock=4)
    with pytest.raises(Conflict) as error:
        place_order(make_user(), {product: 1}, quoted=100)
    assert error.value.code == "total_changed"


def test_the_same_form_twice_gives_one_order(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=4)
    buyer = make_user()
    slot = make_slot(nadaun)
    place_order(buyer, {product: 1}, key="k1", slot=slot)
    with pytest.raises(DuplicateCheckout):
        place_order(buyer, {product: 1}, key="k1", slot=slot)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 1


def test_more_than_the_stock_is_refused(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=2)
    with pytest.raises(Conflict):
        place_order(make_user(), {product: 3})


def test_a_full_slot_is_refused_and_nothing_is_taken(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=5)
    slot = make_slot(nadaun, capacity=1)
    place_order(make_user(), {product: 1}, slot=slot)
    with pytest.raises(Conflict) as error:
        place_order(make_user(), {product: 1}, slot=slot)
    assert error.value.code == "slot_full"


def test_an_empty_cart_cannot_check_out(nadaun):
    from marketplace.cart.services import open_cart
    from marketplace.core.db import utcnow
    from marketplace.orders.checkout import CheckoutDetails
    from marketplace.orders.checkout import place_order as place
    from marketplace.payments.models import PaymentMethod
    from tests.helpers import first_village, tomorrow

    buyer = make_user()
    with pytest.raises(InvalidInput):
        place(open_cart(user_id=buyer.id), CheckoutDetails(
            village_id=first_village(nadaun).id, address="x", phone=buyer.phone, slot_id=1,
            delivery_date=tomorrow(), payment_method=PaymentMethod.CASH, checkout_key="k",
            quoted_total_paise=1), actor=buyer, now=utcnow(), online_enabled=False)


def test_open_cash_orders_per_account_are_capped_by_the_sub_divisions_terms(nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=50)
    slot = make_slot(nadaun)
    buyer, other, later = make_user(), make_user(), make_user()
    assert terms_of(nadaun.id).max_open_cash_orders == 3  # the default
    orders = [place_order(later, {product: 1}, slot=slot) for _ in range(3)]
    orders[0].status = OrderStatus.DELIVERED  # a delivered order no longer counts
    db.session.flush()
    place_order(later, {product: 1}, slot=slot)
    for _ in range(3):
        place_order(buyer, {product: 1}, slot=slot)
    place_order(buyer, {product: 1}, slot=slot, method=PaymentMethod.ONLINE)  # not capped
    with pytest.raises(Conflict) as refused:
        place_order(buyer, {product: 1}, slot=slot)
    assert refused.value.code == "cash_orders_limit"
    place_order(other, {product: 1}, slot=slot)  # per account
    save_terms(nadaun.id, charge_paise=3000, free_from_paise=50000, minimum_order_paise=0,
               max_open_cash_orders=5, actor_id=buyer.id)
    place_order(other, {product: 1}, slot=slot)
    with pytest.raises(InvalidInput):
        save_terms(nadaun.id, charge_paise=3000, free_from_paise=50000, minimum_order_paise=0,
                   max_open_cash_orders=0, actor_id=buyer.id)
