"""Orders staff take for a caller: the same stock, slot, charges and messages as checkout."""

from __future__ import annotations

import re
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.cart.services import add_to_cart, find_cart, open_cart, remove_products
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.audit import AuditEvent
from marketplace.core.db import today_in_india, utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.delivery.models import SlotLoad
from marketplace.delivery.services import save_terms, terms_of
from marketplace.extensions import db
from marketplace.orders.checkout import CheckoutDetails, DuplicateCheckout
from marketplace.orders.checkout import place_order as place_web_order
from marketplace.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange
from marketplace.orders.phone import PhoneOrderDetails, find_caller, take_phone_order
from marketplace.orders.queries import list_orders_of_buyer
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    run_together,
    tomorrow,
)

CALLER = "+919816077777"


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    (jai, leader), (shakti, _) = make_group(nadaun, name="Jai Maa"), make_group(nadaun,
                                                                                 name="Shakti")
    return SimpleNamespace(
        nadaun=nadaun, leader=leader,
        pickle=make_product(jai, price_paise=18000, stock=5),
        honey=make_product(shakti, name_en="Honey", name_hi="शहद", price_paise=35000, stock=2),
        slot=make_slot(nadaun), staff=make_user(Role.STAFF, sub_division=nadaun))


def details(shop, **changes) -> PhoneOrderDetails:
    values = {"phone": CALLER, "contact_name": "Kamla Devi", "language": "en",
              "village_id": first_village(shop.nadaun).id, "address": "Ward 3, near the tank",
              "slot_id": shop.slot.id, "delivery_date": tomorrow(),
              "checkout_key": uuid.uuid4().hex, **changes}
    return PhoneOrderDetails(**values)


def take(shop, lines, *, actor=None, sub_division=None, **changes) -> Order:
    return take_phone_order(lines, details(shop, **changes),
                            sub_division=sub_division or shop.nadaun,
                            actor=actor or shop.staff, now=utcnow())


def refused(shop, error, lines, **kwargs):
    """The service refuses; like a request, its savepoint is rolled back."""
    with pytest.raises(error) as caught, db.session.begin_nested():
        take(shop, lines, **kwargs)
    return caught.value


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_a_caller_with_an_account_gets_a_normal_order_under_my_orders(shop):
    resident = make_user(phone=CALLER, name="Kamla")
    order = take(shop, [(shop.pickle.id, 2), (shop.honey.id, 1)])

    assert (order.customer_id, order.created_by_id) == (resident.id, shop.staff.id)
    assert order.payment_method is PaymentMethod.CASH and order.status is OrderStatus.PLACED
    assert (order.items_paise, order.delivery_paise, order.total_paise) == (71000, 0, 71000)
    assert re.fullmatch(r"NDN-\d{4}-000001", order.number)
    assert sorted(len(part.lines) for part in order.parts) == [1, 1]  # one part per group
    assert (shop.pickle.stock, shop.honey.stock) == (3, 1)
    assert db.session.get(SlotLoad, (shop.slot.id, tomorrow())).booked == 1
    assert order in db.session.scalars(list_orders_of_buyer(resident.id)).all()
    history = db.session.scalars(sa.select(OrderStatusChange)).one()
    assert (history.to_status, history.actor_id) == (OrderStatus.PLACED, shop.staff.id)
    placed = [m for m in messages_to(CALLER) if m.kind == "order_placed"]
    assert len(placed) == 1 and placed[0].language == "en" and order.number in placed[0].body
    assert count(AuditEvent, AuditEvent.action == "order.taken_by_phone",
                 AuditEvent.subject_id == order.id) == 1


def test_the_message_goes_in_hindi_when_the_caller_speaks_hindi(shop):
    take(shop, [(shop.pickle.id, 1)], language="hi")
    message = messages_to(CALLER)[-1]
    assert message.language == "hi"


def test_a_caller_without_a_buyers_account_gets_an_order_of_no_account(shop):
    assert take(shop, [(shop.pickle.id, 1)]).customer_id is None
    operator = make_user(Role.OPERATOR, sub_division=shop.nadaun, phone="+919816077778")
    assert take(shop, [(shop.pickle.id, 1)], phone=operator.phone).customer_id is None


def test_small_orders_pay_the_delivery_charge_like_checkout(shop):
    order = take(shop, [(shop.pickle.id, 1)])
    assert (order.items_paise, order.delivery_paise, order.total_paise) == (18000, 3000, 21000)


def test_rows_of_the_same_product_are_added_up(shop):
    order = take(shop, [(shop.pickle.id, 1), (shop.pickle.id, 2)])
    assert [(line.product_id, line.quantity) for line in order.lines] == [(shop.pickle.id, 3)]
    assert shop.pickle.stock == 2


@pytest.mark.parametrize("lines", [[], [(1, 0)], [(1, -2)], [(1, 1.5)], [(1, True)],
                                   [(1, 1000)], [(1, 600), (1, 600)]])
def test_bad_quantities_are_refused_and_nothing_is_taken(shop, lines):
    lines = [(shop.pickle.id, quantity) for _, quantity in lines]
    refused(shop, InvalidInput, lines)
    assert count(Order) == 0 and shop.pickle.stock == 5


def test_more_than_ten_rows_are_refused(shop):
    assert refused(shop, InvalidInput, [(shop.pickle.id, 1)] * 11).code == "too_many_lines"


def test_a_product_of_another_sub_division_is_refused(shop):
    barsar = make_sub_division("BRS", "Barsar")
    elsewhere = make_product(make_group(barsar, name="Barsar SHG")[0], stock=9)
    error = refused(shop, InvalidInput, [(shop.pickle.id, 1), (elsewhere.id, 1)])
    assert error.code == "product"
    assert refused(shop, InvalidInput, [(999999, 1)]).code == "product"
    assert count(Order) == 0 and (shop.pickle.stock, elsewhere.stock) == (5, 9)


def test_a_product_not_approved_or_not_delivered_is_refused(shop):
    shop.honey.status = ProductStatus.PENDING_REVIEW
    assert refused(shop, Conflict, [(shop.honey.id, 1)]).code == "product_unavailable"
    shop.honey.status, shop.pickle.can_deliver = ProductStatus.APPROVED, False
    assert refused(shop, Conflict, [(shop.pickle.id, 1)]).code == "product_unavailable"


def test_more_than_the_stock_is_refused_naming_the_product(shop):
    error = refused(shop, Conflict, [(shop.pickle.id, 1), (shop.honey.id, 3)])
    assert error.code == "not_enough_stock" and str(error) == str(shop.honey.id)
    assert count(Order) == 0 and (shop.pickle.stock, shop.honey.stock) == (5, 2)


def test_a_full_slot_is_refused(shop):
    full = make_slot(shop.nadaun, capacity=1, starts="14:00", ends="16:00")
    take(shop, [(shop.pickle.id, 1)], slot_id=full.id)
    error = refused(shop, Conflict, [(shop.pickle.id, 1)], slot_id=full.id)
    assert error.code == "slot_full" and count(Order) == 1 and shop.pickle.stock == 4


def test_a_closed_or_foreign_slot_is_refused(shop):
    early = make_slot(shop.nadaun, starts="00:00", ends="01:00")  # today's closed at midnight
    assert refused(shop, Conflict, [(shop.pickle.id, 1)], slot_id=early.id,
                   delivery_date=today_in_india()).code == "slot_closed"
    barsar = make_sub_division("BRS", "Barsar")
    assert refused(shop, InvalidInput, [(shop.pickle.id, 1)],
                   slot_id=make_slot(barsar).id).code == "slot"
    assert refused(shop, InvalidInput, [(shop.pickle.id, 1)],
                   village_id=first_village(barsar).id).code == "village"
    assert count(Order) == 0 and shop.pickle.stock == 5


def test_the_minimum_order_applies(shop):
    save_terms(shop.nadaun.id, charge_paise=0, free_from_paise=None,
               minimum_order_paise=20000, actor_id=shop.staff.id)
    assert refused(shop, Conflict, [(shop.pickle.id, 1)]).code == "minimum_order"


@pytest.mark.parametrize("changes", [{"phone": "12345"}, {"language": "fr"},
                                     {"contact_name": " "}, {"address": ""},
                                     {"note": "x" * 501}])
def test_bad_caller_details_are_refused(shop, changes):
    refused(shop, InvalidInput, [(shop.pickle.id, 1)], **changes)
    assert count(Order) == 0 and shop.pickle.stock == 5


def test_staff_of_another_sub_division_cannot_take_an_order_here(shop):
    barsar_staff = make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar"))
    refused(shop, Forbidden, [(shop.pickle.id, 1)], actor=barsar_staff)
    refused(shop, Forbidden, [(shop.pickle.id, 1)], actor=make_user(Role.RESIDENT))
    # with their own sub-division, this one's products are foreign
    barsar = db.session.scalar(sa.select(SubDivision).where(SubDivision.code == "BRS"))
    refused(shop, InvalidInput, [(shop.pickle.id, 1)], actor=barsar_staff, sub_division=barsar)
    assert count(Order) == 0


def test_admins_may_take_an_order_for_any_sub_division(shop):
    assert take(shop, [(shop.pickle.id, 1)], actor=make_user(Role.ADMIN)).id


def test_the_same_form_twice_is_the_same_order(shop):
    take(shop, [(shop.pickle.id, 1)], checkout_key="form-1")
    refused(shop, DuplicateCheckout, [(shop.pickle.id, 1)], checkout_key="form-1")
    assert count(Order) == 1 and shop.pickle.stock == 4


def test_a_web_checkout_still_empties_the_cart_and_belongs_to_the_buyer(shop):
    from marketplace.cart.services import view_cart

    buyer = make_user()
    order = place_order(buyer, {shop.pickle: 2})
    assert (order.customer_id, order.created_by_id, order.contact_name) == (
        buyer.id, buyer.id, buyer.name)
    assert not view_cart(find_cart(user_id=buyer.id)).lines
    assert db.session.get(Product, shop.pickle.id).stock == 3


def test_a_known_caller_is_found_by_their_last_order(shop):
    assert find_caller(CALLER, shop.nadaun.id).name == ""
    make_user(phone=CALLER, name="Kamla Account", language="hi")
    assert find_caller(CALLER, shop.nadaun.id).name == "Kamla Account"
    take(shop, [(shop.pickle.id, 1)], contact_name="Kamla Devi", language="en")
    caller = find_caller(CALLER, shop.nadaun.id)
    assert (caller.name, caller.language, caller.address, caller.has_account) == (
        "Kamla Devi", "en", "Ward 3, near the tank", True)
    barsar = make_sub_division("BRS", "Barsar")
    assert find_caller(CALLER, barsar.id).address == ""  # addresses stay in their place



@pytest.mark.postgres
def test_a_phone_order_and_a_web_checkout_racing_for_the_last_jar_one_wins(committed_app):
    """Five rounds, each over one last jar: the buyer's cart holds that jar alone."""
    with committed_app.app_context():
        nadaun = make_sub_division()
        group, _ = make_group(nadaun)
        jars = [make_product(group, name_en=f"Last jar {n}", price_paise=60000, stock=1)
                for n in range(5)]
        slot = make_slot(nadaun)
        buyer, staff = make_user(), make_user(Role.STAFF, sub_division=nadaun)
        # The buyer may win all five rounds: room for five open cash orders, so the cap on
        # them (3 by default) never answers for the stock.
        terms = terms_of(nadaun.id)
        save_terms(nadaun.id, charge_paise=terms.charge_paise,
                   free_from_paise=terms.free_from_paise,
                   minimum_order_paise=terms.minimum_order_paise, max_open_cash_orders=5,
                   actor_id=staff.id)
        db.session.commit()
        ids = SimpleNamespace(nadaun=nadaun.id, village=first_village(nadaun).id, slot=slot.id,
                              jars=[jar.id for jar in jars], buyer=buyer.id, staff=staff.id)
        db.session.remove()

    def as_request(work) -> str:
        with committed_app.app_context():
            try:
                work()
                db.session.commit()
                return "ordered"
            except (Conflict, InvalidInput) as error:
                db.session.rollback()
                return error.code
            finally:
                db.session.remove()

    def web() -> None:
        buyer = db.session.get(User, ids.buyer)
        place_web_order(find_cart(user_id=buyer.id), CheckoutDetails(
            village_id=ids.village, address="House 1", phone=buyer.phone, slot_id=ids.slot,
            delivery_date=tomorrow(), payment_method=PaymentMethod.CASH,
            checkout_key=uuid.uuid4().hex, quoted_total_paise=60000, contact_name=buyer.name),
            actor=buyer, now=utcnow(), online_enabled=False)

    def phone(jar_id: int) -> None:
        take_phone_order([(jar_id, 1)], PhoneOrderDetails(
            phone=CALLER, contact_name="Kamla", language="hi", village_id=ids.village,
            address="Ward 3", slot_id=ids.slot, delivery_date=tomorrow(),
            checkout_key=uuid.uuid4().hex),
            sub_division=db.session.get(SubDivision, ids.nadaun),
            actor=db.session.get(User, ids.staff), now=utcnow())

    for jar_id in ids.jars:
        with committed_app.app_context():
            cart = open_cart(user_id=ids.buyer)
            remove_products(cart, set(ids.jars))
            add_to_cart(cart, db.session.get(Product, jar_id), 1)
            db.session.commit()
            db.session.remove()

        outcomes = run_together(2, lambda i, jar_id=jar_id: as_request(
            web if i == 0 else lambda: phone(jar_id)))

        assert sorted(outcomes) in (["not_enough_stock", "ordered"],
                                    ["cart_changed", "ordered"]), outcomes
        with committed_app.app_context():
            jar = db.session.get(Product, jar_id)
            assert (jar.stock, jar.units_sold) == (0, 1)
            assert count(OrderLine, OrderLine.product_id == jar_id) == 1
            db.session.remove()
