"""Placing an order: stock, slot, number, parts per SHG, totals from the server only."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.cart.models import CartItem
from marketplace.cart.services import find_cart, view_cart
from marketplace.catalogue.models import Product
from marketplace.core.db import INDIA, utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.delivery.models import SlotLoad
from marketplace.delivery.quote import quote
from marketplace.delivery.services import save_terms, terms_of
from marketplace.extensions import db
from marketplace.orders import checkout
from marketplace.orders.checkout import CheckoutDetails, DuplicateCheckout
from marketplace.orders.checkout import place_order as place_order_from_cart
from marketplace.orders.models import Order, OrderCounter, OrderStatus
from marketplace.payments.models import PaymentMethod
from tests.helpers import (
    fill_cart,
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    tomorrow,
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




def _arrange_checkout(buyer, products: dict, slot, village_id: int):
    """The buyer's cart holding `products` {product: units}, and the checkout form, as a
    fresh request finds them: nothing loaded beforehand but the buyer and the cart.
    Returns what `place_order` takes: (cart, details, actor)."""
    fill_cart(buyer, products)
    price = quote(terms_of(slot.sub_division_id), [(units, product.price_paise)
                                                   for product, units in products.items()])
    slot_id = slot.id
    db.session.flush()
    db.session.expunge_all()
    actor = db.session.get(User, buyer.id)
    return find_cart(user_id=actor.id), CheckoutDetails(
        village_id=village_id, address="House 12, near the temple", phone=actor.phone,
        slot_id=slot_id, delivery_date=tomorrow(), payment_method=PaymentMethod.CASH,
        checkout_key=uuid.uuid4().hex, quoted_total_paise=price.total_paise,
        contact_name=actor.name), actor


def _tables(statements: list[str]) -> list[str]:
    """'INSERT orders', 'UPDATE products'…: each statement's verb and table."""
    named = []
    for statement in statements:
        words = statement.replace("(", " ").split()
        verb = "UPDATE" if words[0].upper() == "WITH" else words[0].upper()  # the stock
        upper = [word.upper() for word in words]
        marker = {"SELECT": "FROM", "INSERT": "INTO", "DELETE": "FROM", "UPDATE": "UPDATE"}[verb]
        at = upper.index(marker, upper.index(verb) + (verb != "UPDATE"))
        named.append(f"{verb} {words[at + 1].strip(chr(34))}")
    return named


def test_one_checkout_runs_a_fixed_number_of_statements_and_takes_the_shared_rows_last(
        nadaun, count_queries):
    (group_a, _), (group_b, _) = make_group(nadaun, name="Jai Maa"), make_group(
        nadaun, name="Shakti")
    shelf = [make_product(group, name_en=f"Jar {n}", price_paise=10000 + 1000 * n, stock=9)
             for n, group in enumerate((group_a, group_b, group_a))]
    slot, village_id = make_slot(nadaun), first_village(nadaun).id
    counted = []
    for wanted in ({shelf[0]: 1}, {shelf[0]: 1, shelf[1]: 2, shelf[2]: 3}):
        cart, details, actor = _arrange_checkout(make_user(), wanted, slot, village_id)
        with count_queries() as statements:
            order = place_order_from_cart(cart, details, actor=actor, now=utcnow(),
                                          online_enabled=False)
        assert len(order.parts) == len({p.group_id for p in wanted})
        counted.append(statements)
    # The same statements for one product and for three from two groups (were 19 to 24 and
    # one to three savepoints on PostgreSQL): the whole cart's stock in one UPDATE, the cart
    # emptied by one DELETE, each table's inserts in one statement (SQLite inserts parts and
    # lines row by row). One is the buyer's new address remembered (none when unchanged);
    # one reads the commission in force, which each part keeps (payouts' terms); three keep
    # the sales report's rollup (reports.rollup) in the same transaction.
    batched = db.session.get_bind().dialect.name == "postgresql"
    assert [len(s) for s in counted] == ([22, 22] if batched else [22, 25]), "\n".join(
        map(str, map(_tables, counted)))
    tables = _tables(counted[1])
    assert _tables(counted[0]) == [t for n, t in enumerate(tables) if t != tables[n - 1]]
    assert tables.count("UPDATE products") == 1 and tables.count("DELETE cart_items") == 1
    # The slot's day and the number counter, which every checkout shares, are each taken by
    # one upsert, after everything else but the order's own inserts.
    hot = tables.index("INSERT slot_loads")
    assert tables.index("UPDATE users") < hot
    assert tables[hot + 1] == "INSERT order_counters"
    assert sorted(set(tables[hot + 2:])) == [
        "INSERT counted_orders", "INSERT order_lines", "INSERT order_parts",
        "INSERT order_status_changes", "INSERT orders", "INSERT outbox_messages",
        "INSERT sales_days", "SELECT orders"]
    assert all("ON CONFLICT" in s.upper() for s in counted[1][hot:hot + 2])


def _books(slot, products) -> tuple:
    """What a refused checkout must leave as it was: stock and units sold, the slot's
    places, the number counter, the orders and the buyers' cart items."""
    db.session.expire_all()
    return ([(p.stock, p.units_sold) for p in products],
            db.session.scalars(sa.select(SlotLoad.booked)).all(),
            db.session.scalars(sa.select(OrderCounter.last_number)).all(),
            db.session.scalar(sa.select(sa.func.count()).select_from(Order)),
            db.session.scalar(sa.select(sa.func.count()).select_from(CartItem)))


@pytest.mark.parametrize("refusal", ["slot_full", "not_enough_stock"])
def test_a_refused_checkout_leaves_stock_slot_and_number_as_they_were(
        nadaun, refusal, monkeypatch):
    group, _ = make_group(nadaun)
    pickle, honey = (make_product(group, name_en=name, stock=3) for name in ("Pickle", "Honey"))
    slot = make_slot(nadaun, capacity=1 if refusal == "slot_full" else 5)
    place_order(make_user(), {pickle: 1}, slot=slot)
    cart, details, actor = _arrange_checkout(make_user(), {pickle: 2, honey: 1}, slot,
                                             first_village(nadaun).id)
    db.session.commit()  # what a rollback returns to (the fixture's outer transaction holds it)
    before = _books(slot, [pickle, honey])
    if refusal == "not_enough_stock":
        # Somebody buys all the honey just after this checkout read the cart.
        def view_cart_then_sell_out(basket_cart):
            basket = view_cart(basket_cart)
            db.session.execute(sa.update(Product).where(Product.id == honey.id)
                               .values(stock=0, units_sold=3)
                               .execution_options(synchronize_session=False))
            return basket

        monkeypatch.setattr(checkout, "view_cart", view_cart_then_sell_out)

    # Both refusals come after the pickle's stock was lowered (the slot is taken after the
    # stock): the rollback every caller makes must give everything back.
    with pytest.raises(Conflict) as refused:
        place_order_from_cart(cart, details, actor=actor, now=utcnow(), online_enabled=False)
    db.session.rollback()  # (the sale arranged above goes back with it, in this test)

    assert refused.value.code == refusal
    assert refusal == "slot_full" or refused.value.args == (str(honey.id),)
    assert _books(slot, [pickle, honey]) == before
    assert before[1:] == ([1], [1], 1, 2)  # one order, one place, number 1; two in the cart
