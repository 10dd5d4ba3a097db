"""The life of an order after checkout: who may move it, what each move gives back, records
and tells the buyer."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.delivery.models import SlotLoad
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.checkout import CheckoutDetails
from marketplace.orders.checkout import place_order as checkout
from marketplace.orders.models import Order, OrderStatus, OrderStatusChange, PartStatus
from marketplace.orders.workflow import TRANSITIONS, transition
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.helpers import (
    clock_on,
    fill_cart,
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    tomorrow,
)

S = OrderStatus
DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture
def nadaun(app):
    return make_sub_division()


@pytest.fixture
def shop(nadaun):
    """Two groups of one sub-division, a product each, staff here and elsewhere."""
    (jai, jai_leader), (shakti, shakti_leader) = (make_group(nadaun, name="Jai Maa"),
                                                  make_group(nadaun, name="Shakti"))
    return SimpleNamespace(
        nadaun=nadaun, slot=make_slot(nadaun),
        jai=jai, jai_leader=jai_leader, shakti=shakti, shakti_leader=shakti_leader,
        pickle=make_product(jai, price_paise=18000, stock=5),
        honey=make_product(shakti, name_en="Honey", name_hi="शहद", price_paise=35000, stock=3),
        staff=make_user(Role.STAFF, sub_division=nadaun),
        elsewhere=make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar")),
    )


def order_for(shop, buyer, wanted: dict | None = None, *, language: str = "en",
              method: PaymentMethod = PaymentMethod.CASH) -> Order:
    """A checkout through the real service, in the buyer's language."""
    wanted = wanted or {shop.pickle: 2, shop.honey: 1}
    cart = fill_cart(buyer, wanted)
    items = sum(p.price_paise * q for p, q in wanted.items())
    return checkout(cart, CheckoutDetails(
        village_id=first_village(shop.nadaun).id, address="House 12, near the temple",
        phone=buyer.phone, slot_id=shop.slot.id, delivery_date=tomorrow(),
        payment_method=method, checkout_key=uuid.uuid4().hex,
        quoted_total_paise=items + (3000 if items < 50000 else 0), contact_name=buyer.name,
        language=language), actor=buyer, now=utcnow(), online_enabled=True)


def part_of(order: Order, group):
    return next(p for p in order.parts if p.group_id == group.id)


def booked(slot) -> int:
    return db.session.scalar(sa.select(SlotLoad.booked).where(
        SlotLoad.slot_id == slot.id, SlotLoad.delivery_date == tomorrow()))


def packed(shop, order: Order) -> Order:
    services.confirm_order(order, actor=shop.staff)
    services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    services.mark_part_packed(part_of(order, shop.shakti), actor=shop.shakti_leader)
    return order


# Confirming.

def test_staff_of_the_sub_division_confirm_and_each_group_leader_is_told_to_pack(shop):
    order = order_for(shop, make_user())
    services.confirm_order(order, actor=shop.staff)
    assert order.status is S.CONFIRMED
    for group, leader in ((shop.jai, shop.jai_leader), (shop.shakti, shop.shakti_leader)):
        told = messages_to(leader.phone)[-1]
        assert told.kind == "order_to_pack"
        assert order.number in told.body and group.name_en in told.body


@pytest.mark.parametrize("who", ["elsewhere", "buyer", "leader", "resident"])
def test_only_staff_of_the_orders_sub_division_may_confirm(shop, who):
    buyer = make_user()
    order = order_for(shop, buyer)
    actor = {"elsewhere": shop.elsewhere, "buyer": buyer, "leader": shop.jai_leader,
             "resident": make_user()}[who]
    with pytest.raises(Forbidden):
        services.confirm_order(order, actor=actor)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is S.PLACED


def test_an_unpaid_online_order_cannot_be_confirmed(shop):
    order = order_for(shop, make_user(), method=PaymentMethod.ONLINE)
    with pytest.raises(Conflict) as error:
        services.confirm_order(order, actor=shop.staff)
    assert error.value.code == "order_unpaid"
    assert order.status is S.PLACED


def test_an_order_whose_delivery_day_has_passed_cannot_be_confirmed_and_nobody_is_told(shop):
    buyer = make_user()
    order = order_for(shop, buyer)
    heard = {who.phone: len(messages_to(who.phone))
             for who in (buyer, shop.jai_leader, shop.shakti_leader)}
    clock_on(order.delivery_date + timedelta(days=1))
    with pytest.raises(Conflict) as error:
        services.confirm_order(order, actor=shop.staff)
    assert error.value.code == "delivery_day_passed"
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is S.PLACED
    assert {phone: len(messages_to(phone)) for phone in heard} == heard


def test_an_order_is_still_confirmed_late_on_its_delivery_day(shop):
    order = order_for(shop, make_user())
    clock_on(order.delivery_date, hour=23)
    services.confirm_order(order, actor=shop.staff)
    assert order.status is S.CONFIRMED


# Packing.

def test_a_group_packs_its_own_part_and_not_another_groups(shop):
    order = order_for(shop, make_user())
    services.confirm_order(order, actor=shop.staff)
    with pytest.raises(Forbidden):
        services.mark_part_packed(part_of(order, shop.jai), actor=shop.shakti_leader)
    assert part_of(order, shop.jai).status is PartStatus.TO_PACK

    services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    part = part_of(order, shop.jai)
    assert (part.status, part.packed_by_id) == (PartStatus.PACKED, shop.jai_leader.id)
    assert part.packed_at is not None


def test_the_order_is_packed_only_when_every_part_is(shop):
    order = order_for(shop, make_user())
    services.confirm_order(order, actor=shop.staff)
    services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    assert order.status is S.CONFIRMED
    with pytest.raises(Conflict) as error:
        services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    assert error.value.code == "part_packed"

    services.mark_part_packed(part_of(order, shop.shakti), actor=shop.shakti_leader)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status is S.PACKED


def test_nothing_is_packed_before_staff_confirm(shop):
    order = order_for(shop, make_user())
    with pytest.raises(Conflict) as error:
        services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    assert error.value.code == "order_not_confirmed"
    assert part_of(order, shop.jai).status is PartStatus.TO_PACK


# Delivery.

def test_delivery_of_a_cash_order_records_the_cash_once(shop):
    order = packed(shop, order_for(shop, make_user()))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivered(order, actor=shop.staff)

    assert order.status is S.DELIVERED and order.paid_at is not None
    payment = db.session.scalars(sa.select(Payment)).one()
    assert (payment.order_id, payment.method, payment.status, payment.amount_paise,
            payment.confirmed_by_id) == (order.id, PaymentMethod.CASH, PaymentStatus.PAID,
                                         order.total_paise, shop.staff.id)
    with pytest.raises(Conflict):
        services.mark_delivered(order, actor=shop.staff)
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 1


def test_staff_elsewhere_cannot_dispatch_or_deliver(shop):
    order = packed(shop, order_for(shop, make_user()))
    with pytest.raises(Forbidden):
        services.dispatch_order(order, actor=shop.elsewhere)
    services.dispatch_order(order, actor=shop.staff)
    with pytest.raises(Forbidden):
        services.mark_delivered(order, actor=shop.elsewhere)
    assert order.status is S.OUT_FOR_DELIVERY
    assert db.session.scalar(sa.select(sa.func.count(Payment.id))) == 0


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 301])
def test_a_failed_delivery_needs_a_reason(shop, reason):
    order = packed(shop, order_for(shop, make_user()))
    services.dispatch_order(order, actor=shop.staff)
    with pytest.raises(InvalidInput) as error:
        services.mark_delivery_failed(order, actor=shop.staff, reason=reason)
    assert error.value.code == "reason"
    assert order.status is S.OUT_FOR_DELIVERY


def test_a_failed_delivery_keeps_its_reason_tells_the_buyer_and_can_go_out_again(shop):
    buyer = make_user()
    order = packed(shop, order_for(shop, buyer))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivery_failed(order, actor=shop.staff, reason="  House   locked ")
    assert (order.status, order.status_reason) == (S.DELIVERY_FAILED, "House locked")
    assert "House locked" in messages_to(buyer.phone)[-1].body
    services.dispatch_order(order, actor=shop.staff)
    assert order.status is S.OUT_FOR_DELIVERY


# Cancelling.

def test_the_buyer_cancels_before_packing_and_everything_comes_back_once(shop):
    buyer = make_user()
    order = order_for(shop, buyer)
    assert (shop.pickle.stock, shop.honey.stock, shop.pickle.units_sold) == (3, 2, 2)
    assert booked(shop.slot) == 1

    services.cancel_order(order, actor=buyer)
    assert order.status is S.CANCELLED and order.status_reason
    assert (shop.pickle.stock, shop.honey.stock) == (5, 3)
    assert (shop.pickle.units_sold, shop.honey.units_sold) == (0, 0)
    assert booked(shop.slot) == 0
    assert {p.status for p in order.parts} == {PartStatus.CANCELLED}

    with pytest.raises(Conflict):
        services.cancel_order(order, actor=buyer)
    with pytest.raises(Conflict):
        services.cancel_order(order, actor=shop.staff, reason="again")
    db.session.expire_all()
    assert (shop.pickle.stock, shop.honey.stock, shop.pickle.units_sold) == (5, 3, 0)
    assert booked(shop.slot) == 0


def test_the_buyer_may_still_cancel_a_confirmed_order(shop):
    buyer = make_user()
    order = order_for(shop, buyer)
    services.confirm_order(order, actor=shop.staff)
    services.cancel_order(order, actor=buyer, reason="Ordered by mistake")
    assert (order.status, order.status_reason) == (S.CANCELLED, "Ordered by mistake")
    assert shop.pickle.stock == 5


def test_the_buyer_cannot_cancel_once_packed_but_staff_can_with_a_reason(shop):
    buyer = make_user()
    order = packed(shop, order_for(shop, buyer))
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=buyer)
    assert error.value.code == "too_late_to_cancel"
    with pytest.raises(InvalidInput):
        services.cancel_order(order, actor=shop.staff)
    with pytest.raises(Forbidden):
        services.cancel_order(order, actor=shop.elsewhere, reason="Not ours")
    assert order.status is S.PACKED and shop.pickle.stock == 3

    services.cancel_order(order, actor=shop.staff, reason="Road closed by landslide")
    assert order.status is S.CANCELLED
    assert (shop.pickle.stock, shop.honey.stock) == (5, 3)
    assert booked(shop.slot) == 0


def test_someone_else_cannot_cancel_the_order(shop):
    order = order_for(shop, make_user())
    with pytest.raises(Forbidden):
        services.cancel_order(order, actor=make_user(), reason="Because")
    assert order.status is S.PLACED and shop.pickle.stock == 3


def test_a_delivered_order_cannot_be_cancelled(shop):
    order = packed(shop, order_for(shop, make_user()))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivered(order, actor=shop.staff)
    with pytest.raises(Conflict):
        services.cancel_order(order, actor=shop.staff, reason="Too late")
    assert shop.pickle.stock == 3


# What every change leaves behind.

def test_every_change_is_recorded_with_who_and_why(shop):
    buyer = make_user()
    order = packed(shop, order_for(shop, buyer))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivery_failed(order, actor=shop.staff, reason="Nobody home")
    services.cancel_order(order, actor=shop.staff, reason="Buyer moved away")

    history = db.session.scalars(sa.select(OrderStatusChange).where(
        OrderStatusChange.order_id == order.id).order_by(OrderStatusChange.id)).all()
    assert [(h.from_status, h.to_status, h.actor_id, h.reason) for h in history] == [
        (None, S.PLACED, buyer.id, None),
        (S.PLACED, S.CONFIRMED, shop.staff.id, None),
        (S.CONFIRMED, S.PACKED, shop.shakti_leader.id, None),
        (S.PACKED, S.OUT_FOR_DELIVERY, shop.staff.id, None),
        (S.OUT_FOR_DELIVERY, S.DELIVERY_FAILED, shop.staff.id, "Nobody home"),
        (S.DELIVERY_FAILED, S.CANCELLED, shop.staff.id, "Buyer moved away"),
    ]


def test_the_buyer_is_told_of_each_change_but_not_of_packing(shop):
    buyer = make_user(language="en")
    order = packed(shop, order_for(shop, buyer, language="en"))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivered(order, actor=shop.staff)

    told = messages_to(buyer.phone)
    assert [m.kind for m in told] == ["order_placed", "order_confirmed",
                                      "order_out_for_delivery", "order_delivered"]
    assert {m.language for m in told} == {"en"}
    assert all(order.number in m.body for m in told)
    assert "is delivered" in told[-1].body


def test_a_buyer_who_reads_hindi_is_told_in_hindi(shop):
    buyer = make_user(language="hi")
    order = order_for(shop, buyer, language="hi")
    services.confirm_order(order, actor=shop.staff)
    services.cancel_order(order, actor=buyer)

    told = messages_to(buyer.phone)
    assert [m.kind for m in told] == ["order_placed", "order_confirmed", "order_cancelled"]
    for message in told:
        assert message.language == "hi"
        assert DEVANAGARI.search(message.body), message.body
        assert order.number in message.body


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["cancelled by the buyer", "the online payment was not completed"]),
    ("hi", ["ख़रीदार ने रद्द किया", "ऑनलाइन भुगतान पूरा नहीं हुआ"]),
])
def test_the_standard_cancellation_reasons_are_kept_as_codes_and_told_in_the_buyers_language(
        app, shop, language, words):
    buyer = make_user(language=language)
    by_buyer = order_for(shop, buyer, {shop.pickle: 1}, language=language)
    unpaid = order_for(shop, buyer, {shop.honey: 1}, language=language,
                       method=PaymentMethod.ONLINE)
    # The buyer's own request may be in the other language: the message is in the order's.
    with app.test_request_context(headers={"Accept-Language": "hi" if language == "en"
                                           else "en"}):
        services.cancel_order(by_buyer, actor=buyer)
    # The payment window ends for the unpaid one (a cron job: no request, no locale).
    assert services.expire_unpaid_orders(utcnow() + 2 * services.PAYMENT_WINDOW) == 1
    assert unpaid.status is S.CANCELLED

    assert [by_buyer.status_reason, unpaid.status_reason] == [
        "buyer_cancelled", "payment_not_completed"]
    assert [c.reason for c in (by_buyer.history[-1], unpaid.history[-1])] == [
        "buyer_cancelled", "payment_not_completed"]
    told = [m for m in messages_to(buyer.phone) if m.kind == "order_cancelled"]
    assert [m.language for m in told] == [language, language]
    assert [w in m.body for w, m in zip(words, told, strict=True)] == [True, True]


def test_staff_reading_english_tell_a_hindi_buyer_why_the_delivery_failed_in_hindi(app, shop):
    order = packed(shop, order_for(shop, make_user(), language="hi"))
    services.dispatch_order(order, actor=shop.staff)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        services.mark_delivery_failed(order, actor=shop.staff, reason="nobody_home")
    assert order.status_reason == "nobody_home"
    told = messages_to(order.phone)[-1]
    assert (told.kind, told.language) == ("order_delivery_failed", "hi")
    assert "घर पर कोई नहीं था" in told.body and "Nobody" not in told.body


@pytest.mark.parametrize(("language", "refund"), [
    ("en", "refund"), ("hi", "वापस"),
])
def test_cancelling_a_cash_order_promises_no_refund(shop, language, refund):
    buyer = make_user(language=language)
    order = order_for(shop, buyer, language=language)
    services.confirm_order(order, actor=shop.staff)
    services.cancel_order(order, actor=shop.staff, reason="The buyer called the office")
    told = messages_to(buyer.phone)[-1]
    assert told.kind == "order_cancelled" and "The buyer called the office" in told.body
    assert refund not in told.body.lower() and "online" not in told.body.lower()


def test_an_online_order_cancelled_before_it_was_paid_promises_no_refund(shop):
    buyer = make_user()
    order = order_for(shop, buyer, {shop.pickle: 1}, method=PaymentMethod.ONLINE)
    services.cancel_order(order, actor=buyer)
    told = messages_to(buyer.phone)[-1]
    assert told.kind == "order_cancelled" and "refund" not in told.body


# The transition table, and a compare-and-set on the status that was read.

@pytest.mark.parametrize("before", list(S))
@pytest.mark.parametrize("after", list(S))
def test_the_transition_table_decides_every_move(shop, before, after):
    order = order_for(shop, make_user())
    db.session.execute(sa.update(Order).where(Order.id == order.id).values(status=before))
    db.session.refresh(order)
    if after in TRANSITIONS[before]:
        assert transition(order, after, actor_id=shop.staff.id) is before
        assert order.status is after
    else:
        with pytest.raises(Conflict) as error:
            transition(order, after, actor_id=shop.staff.id)
        assert error.value.code == "order_transition"
        db.session.refresh(order)
        assert order.status is before


def test_a_move_from_a_status_somebody_else_already_changed_is_refused(shop):
    order = order_for(shop, make_user())
    db.session.execute(sa.update(Order).where(Order.id == order.id)  # another request
                       .values(status=S.CANCELLED)
                       .execution_options(synchronize_session=False))
    assert order.status is S.PLACED  # what this request read before
    with pytest.raises(Conflict) as error:
        services.confirm_order(order, actor=shop.staff)  # still believes it is placed
    assert error.value.code == "order_changed"
    assert db.session.scalar(sa.select(sa.func.count(OrderStatusChange.id)).where(
        OrderStatusChange.to_status == S.CONFIRMED)) == 0


def test_the_buyer_cannot_cancel_once_a_group_has_packed_its_part(shop):
    buyer = make_user()
    order = order_for(shop, buyer)
    services.confirm_order(order, actor=shop.staff)
    services.mark_part_packed(part_of(order, shop.jai), actor=shop.jai_leader)
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=buyer)
    assert error.value.code == "too_late_to_cancel"
    services.cancel_order(order, actor=shop.staff, reason="The buyer called the office")
    assert order.status is OrderStatus.CANCELLED


@pytest.mark.parametrize("who", ["buyer", "staff"])
def test_cancelling_twice_says_the_order_is_cancelled_already(shop, who):
    buyer = make_user()
    order = order_for(shop, buyer)
    actor = buyer if who == "buyer" else shop.staff
    services.cancel_order(order, actor=actor, reason="Changed plans")
    changes = db.session.scalar(sa.select(sa.func.count(OrderStatusChange.id))
                                .where(OrderStatusChange.order_id == order.id))
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=actor, reason="Changed plans")
    assert error.value.code == "already_cancelled"
    assert db.session.scalar(sa.select(sa.func.count(OrderStatusChange.id))
                             .where(OrderStatusChange.order_id == order.id)) == changes


def test_the_buyer_is_told_an_order_out_for_delivery_is_on_its_way(shop):
    buyer = make_user()
    order = packed(shop, order_for(shop, buyer))
    services.dispatch_order(order, actor=shop.staff)
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=buyer)
    assert error.value.code == "on_its_way"
    assert order.status is S.OUT_FOR_DELIVERY and shop.pickle.stock == 3


@pytest.mark.parametrize("who", ["buyer", "staff"])
def test_nobody_cancels_a_delivered_order_and_is_told_it_was_delivered(shop, who):
    buyer = make_user()
    order = packed(shop, order_for(shop, buyer))
    services.dispatch_order(order, actor=shop.staff)
    services.mark_delivered(order, actor=shop.staff)
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=buyer if who == "buyer" else shop.staff,
                              reason="Changed plans")
    assert error.value.code == "already_delivered"
    assert order.status is S.DELIVERED and shop.pickle.stock == 3


def test_the_system_does_not_cancel_an_order_paid_since_it_was_read(shop):
    order = order_for(shop, make_user(), {shop.pickle: 1}, method=PaymentMethod.ONLINE)
    assert order.paid_at is None  # what the expiry job read ...
    db.session.execute(sa.update(Order).where(Order.id == order.id)
                       .values(paid_at=utcnow()))  # ... before the payment landed
    with pytest.raises(Conflict) as error:
        services.cancel_order(order, actor=None)
    assert error.value.code == "order_paid"
    assert order.status is OrderStatus.PLACED and shop.pickle.stock == 4
