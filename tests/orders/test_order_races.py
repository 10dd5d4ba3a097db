"""Orders under contention on PostgreSQL: each thread is its own request (app context,
session, connection, commit), all released at once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask

from marketplace.accounts.models import Role, User
from marketplace.cart.services import add_to_cart, find_cart, open_cart
from marketplace.catalogue.models import Product
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.delivery.models import SlotLoad
from marketplace.extensions import db
from marketplace.orders import checkout, services
from marketplace.orders.checkout import CheckoutDetails, DuplicateCheckout, place_order
from marketplace.orders.models import Order, OrderLine, OrderPart, OrderStatus, OrderStatusChange
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    run_together,
    tomorrow,
)

pytestmark = pytest.mark.postgres


def as_request(app: Flask, work: Callable[[], object]) -> object:
    """Run `work` as one request would: commit on success, roll back on refusal. Returns
    what it returned, a refusal's code, 'duplicate', or 'retry' for a database error
    (which a retry would resolve; the rollback leaves nothing behind)."""
    with app.app_context():
        try:
            result = work()
            db.session.commit()
            return result
        except DomainError as error:
            db.session.rollback()
            return error.code
        except DuplicateCheckout:
            db.session.rollback()
            return "duplicate"
        except sa.exc.DBAPIError:
            db.session.rollback()
            return "retry"
        finally:
            db.session.remove()


def details_for(shop, buyer: User, items_paise: int, *, key: str | None = None):
    return CheckoutDetails(
        village_id=shop.village_id, address="House 12, near the temple", phone=buyer.phone,
        slot_id=shop.slot_id, delivery_date=tomorrow(), payment_method=PaymentMethod.CASH,
        checkout_key=key or uuid.uuid4().hex,
        quoted_total_paise=items_paise + (0 if items_paise >= 50000 else 3000),
        contact_name=buyer.name)


def check_out(shop, buyer_id: int, items_paise: int, *, key: str | None = None) -> str:
    buyer = db.session.get(User, buyer_id)
    place_order(find_cart(user_id=buyer_id), details_for(shop, buyer, items_paise, key=key),
                actor=buyer, now=utcnow(), online_enabled=False)
    return "ordered"


def set_up(app: Flask, *, stock: int, buyers: int, capacity: int = 100,
           products: int = 1) -> SimpleNamespace:
    """A product (or several) of one group; `buyers` residents, each with one unit of a
    product in their own cart (buyer i takes product i % products). Committed."""
    with app.app_context():
        nadaun = make_sub_division()
        group, leader = make_group(nadaun)
        goods = [make_product(group, name_en=f"Pickle {n}", price_paise=10000, stock=stock)
                 for n in range(products)]
        slot = make_slot(nadaun, capacity=capacity)
        people = [make_user() for _ in range(buyers)]
        for index, person in enumerate(people):
            add_to_cart(open_cart(user_id=person.id), goods[index % products], 1)
        db.session.commit()
        shop = SimpleNamespace(sub_division_id=nadaun.id, village_id=first_village(nadaun).id,
                               slot_id=slot.id, product_ids=[p.id for p in goods],
                               buyer_ids=[p.id for p in people], group_id=group.id,
                               leader_id=leader.id)
        db.session.remove()
    return shop


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_fifty_buyers_racing_for_ten_jars_get_exactly_ten_orders(committed_app):
    shop = set_up(committed_app, stock=10, buyers=50)

    outcomes = run_together(50, lambda i: as_request(
        committed_app, lambda: check_out(shop, shop.buyer_ids[i], 10000)))

    assert outcomes.count("ordered") == 10, outcomes
    # Clean refusals only, never a database error: a checkout that loses the race for the
    # last jars is refused by the conditional UPDATE ('not_enough_stock'); one that reads
    # its cart after the jars are gone is refused before trying ('cart_changed').
    refusals = [outcome for outcome in outcomes if outcome != "ordered"]
    assert len(refusals) == 40 and set(refusals) <= {"not_enough_stock", "cart_changed"}
    assert "not_enough_stock" in refusals, outcomes  # they did race for the stock
    with committed_app.app_context():
        product = db.session.get(Product, shop.product_ids[0])
        assert (product.stock, product.units_sold) == (0, 10)
        assert count(Order) == 10
        numbers = db.session.scalars(sa.select(Order.number)).all()
        assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 11))  # no gaps, no twins
        assert db.session.scalar(sa.select(SlotLoad.booked)) == 10


def test_a_slot_with_three_places_takes_three_of_ten_racing_orders(committed_app):
    # Each buyer wants a different product, so the slot is the only thing they share.
    shop = set_up(committed_app, stock=5, buyers=10, capacity=3, products=10)

    outcomes = run_together(10, lambda i: as_request(
        committed_app, lambda: check_out(shop, shop.buyer_ids[i], 10000)))

    assert outcomes.count("ordered") == 3, outcomes
    assert outcomes.count("slot_full") == 7, outcomes
    with committed_app.app_context():
        assert count(Order) == 3
        assert db.session.scalar(sa.select(SlotLoad.booked)) == 3
        # The stock taken by the refused checkouts went back with their rollback.
        assert sum(db.session.scalars(sa.select(Product.units_sold)).all()) == 3


def test_the_same_form_submitted_five_times_at_once_makes_one_order(committed_app):
    shop = set_up(committed_app, stock=10, buyers=1)
    with committed_app.app_context():
        add_to_cart(find_cart(user_id=shop.buyer_ids[0]),
                    db.session.get(Product, shop.product_ids[0]), 1)  # two jars
        db.session.commit()
        db.session.remove()

    outcomes = run_together(5, lambda _: as_request(
        committed_app, lambda: check_out(shop, shop.buyer_ids[0], 20000, key="one-form")))

    assert outcomes.count("ordered") == 1, outcomes
    assert set(outcomes) <= {"ordered", "duplicate", "retry"}, outcomes
    with committed_app.app_context():
        assert count(Order) == 1
        product = db.session.get(Product, shop.product_ids[0])
        assert (product.stock, product.units_sold) == (8, 2)
        assert db.session.scalar(sa.select(SlotLoad.booked)) == 1


def test_a_twin_submission_that_reads_the_cart_after_the_first_committed_finds_it(
        committed_app, monkeypatch):
    """The narrow case of the race above, made certain: the twin reads the cart only after
    the first submission has committed (and so emptied it)."""
    shop = set_up(committed_app, stock=10, buyers=1)
    twin_reading, first_committed = threading.Event(), threading.Event()
    real_view_cart = checkout.view_cart

    def view_cart(cart):
        if threading.current_thread().name == "twin":
            twin_reading.set()
            assert first_committed.wait(10)
        return real_view_cart(cart)

    monkeypatch.setattr(checkout, "view_cart", view_cart)
    outcomes = {}

    def submit(name: str) -> None:
        outcomes[name] = as_request(committed_app, lambda: check_out(
            shop, shop.buyer_ids[0], 10000, key="one-form"))

    twin = threading.Thread(target=submit, args=("twin",), name="twin")
    twin.start()
    assert twin_reading.wait(10)
    submit("first")
    first_committed.set()
    twin.join(30)
    assert outcomes == {"first": "ordered", "twin": "duplicate"}


def placed_order(app: Flask, shop) -> int:
    """The first buyer's cart as a committed cash order."""
    with app.app_context():
        check_out(shop, shop.buyer_ids[0], 10000)
        db.session.commit()
        order_id = db.session.scalar(sa.select(Order.id))
        db.session.remove()
    return order_id


def test_racing_cancellations_give_the_stock_and_place_back_once(committed_app):
    shop = set_up(committed_app, stock=3, buyers=1)
    order_id = placed_order(committed_app, shop)
    with committed_app.app_context():
        staff = make_user(Role.STAFF, sub_division=db.session.get(SubDivision,
                                                                   shop.sub_division_id))
        db.session.commit()
        staff_id = staff.id
        db.session.remove()

    def cancel(index: int):
        def work():
            actor = db.session.get(User, shop.buyer_ids[0] if index % 2 else staff_id)
            services.cancel_order(db.session.get(Order, order_id), actor=actor,
                                  reason="Changed plans")
            return "cancelled"
        return as_request(committed_app, work)

    outcomes = run_together(6, cancel)

    assert outcomes.count("cancelled") == 1, outcomes
    # The losers are told the order changed; none trips over a constraint (the CHECKs on
    # stock and units sold would stop a second give-back, as a database error). A loser
    # that reads the order only after the winner committed (a thread started late on a
    # busy machine) is told it is cancelled already.
    assert set(outcomes) <= {"cancelled", "order_changed", "order_transition",
                             "already_cancelled"}, outcomes
    with committed_app.app_context():
        product = db.session.get(Product, shop.product_ids[0])
        assert (product.stock, product.units_sold) == (3, 0)
        assert db.session.scalar(sa.select(SlotLoad.booked)) == 0
        assert count(OrderStatusChange, OrderStatusChange.to_status == OrderStatus.CANCELLED) == 1


def test_two_groups_packing_their_parts_at_once_leave_every_order_packed(committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        (jai, jai_leader), (shakti, shakti_leader) = (make_group(nadaun, name="Jai Maa"),
                                                      make_group(nadaun, name="Shakti"))
        pickle = make_product(jai, price_paise=10000, stock=20)
        honey = make_product(shakti, name_en="Honey", price_paise=10000, stock=20)
        slot = make_slot(nadaun)
        staff = make_user(Role.STAFF, sub_division=nadaun)
        shop = SimpleNamespace(village_id=first_village(nadaun).id, slot_id=slot.id)
        order_ids = []
        for _ in range(5):
            buyer = make_user()
            cart = open_cart(user_id=buyer.id)
            add_to_cart(cart, pickle, 1)
            add_to_cart(cart, honey, 1)
            order = place_order(cart, details_for(shop, buyer, 20000), actor=buyer,
                                now=utcnow(), online_enabled=False)
            services.confirm_order(order, actor=staff)
            order_ids.append(order.id)
        db.session.commit()
        leaders = {jai.id: jai_leader.id, shakti.id: shakti_leader.id}
        parts = [(part.id, leaders[part.group_id]) for part in db.session.scalars(
            sa.select(OrderPart).order_by(OrderPart.id))]
        db.session.remove()

    def pack(index: int):
        part_id, leader_id = parts[index]
        return as_request(committed_app, lambda: services.mark_part_packed(
            db.session.get(OrderPart, part_id), actor=db.session.get(User, leader_id))
            or "packed")

    outcomes = run_together(len(parts), pack)

    assert outcomes == ["packed"] * 10
    with committed_app.app_context():
        statuses = db.session.scalars(sa.select(Order.status).where(
            Order.id.in_(order_ids))).all()
        assert statuses == [OrderStatus.PACKED] * 5
        assert count(OrderStatusChange, OrderStatusChange.to_status == OrderStatus.PACKED) == 5


def test_forty_multi_item_checkouts_at_once_number_without_gaps_and_fill_the_slot_exactly(
        committed_app):
    """Carts of two or three of four shared products, in every order, against a slot with
    25 places: the stock is locked in id order (no deadlock, so no 'retry'), the slot-day and
    counter upserts give exactly 25 places and the numbers 1–25 once each."""
    with committed_app.app_context():
        nadaun = make_sub_division()
        group, _ = make_group(nadaun)
        goods = [make_product(group, name_en=f"Jar {n}", price_paise=10000, stock=200)
                 for n in range(4)]
        slot = make_slot(nadaun, capacity=25)
        people, totals = [make_user() for _ in range(40)], []
        for index, person in enumerate(people):
            chosen = [goods[(index + k) % 4] for k in range(2 + index % 2)]
            if index % 3:
                chosen.reverse()  # cart order is not id order
            for product in chosen:
                add_to_cart(open_cart(user_id=person.id), product, 1 + index % 3)
            totals.append(10000 * len(chosen) * (1 + index % 3))
        db.session.commit()
        shop = SimpleNamespace(village_id=first_village(nadaun).id, slot_id=slot.id)
        buyer_ids, product_ids = [p.id for p in people], [p.id for p in goods]
        db.session.remove()

    outcomes = run_together(40, lambda i: as_request(
        committed_app, lambda: check_out(shop, buyer_ids[i], totals[i])))

    assert sorted(set(outcomes)) == ["ordered", "slot_full"], outcomes
    assert outcomes.count("ordered") == 25, outcomes
    with committed_app.app_context():
        numbers = db.session.scalars(sa.select(Order.number)).all()
        assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 26))  # no gaps, no twins
        assert db.session.scalar(sa.select(SlotLoad.booked)) == 25
        sold = dict(db.session.execute(sa.select(OrderLine.product_id, sa.func.sum(
            OrderLine.quantity)).group_by(OrderLine.product_id)).all())
        for product in db.session.scalars(sa.select(Product).where(
                Product.id.in_(product_ids))):
            assert (product.stock, product.units_sold) == (200 - sold.get(product.id, 0),
                                                           sold.get(product.id, 0))
