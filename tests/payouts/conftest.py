"""A worked example for payouts: two groups of Nadaun sharing orders, commission 2.5 %."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.db import INDIA
from marketplace.extensions import db
from marketplace.orders import services as orders
from marketplace.orders.models import Order, OrderStatus, OrderStatusChange
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payouts.models import Payout
from marketplace.payouts.queries import Period
from marketplace.payouts.services import set_commission
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    place_order,
)

OCTOBER = Period(date(2025, 10, 1), date(2025, 10, 31))
NOVEMBER = Period(date(2025, 11, 1), date(2025, 11, 30))


def india(*args) -> datetime:
    """A moment given in India's time, as the aware UTC datetime the database keeps."""
    return datetime(*args, tzinfo=INDIA).astimezone(UTC)


def deliver(order: Order, staff, at: datetime) -> Order:
    """Move the order through the real services to delivered, then date the delivery."""
    orders.confirm_order(order, actor=staff)
    for part in order.parts:
        orders.mark_part_packed(part, actor=staff)
    orders.dispatch_order(order, actor=staff)
    orders.mark_delivered(order, actor=staff)
    db.session.execute(sa.update(OrderStatusChange).where(
        OrderStatusChange.order_id == order.id,
        OrderStatusChange.to_status == OrderStatus.DELIVERED).values(created_at=at))
    db.session.flush()
    return order


def pay(group, amount_paise: int, paid_on: date, staff, reference: str = "UTR1") -> Payout:
    """A payout row as the office wrote it on `paid_on` (no balance check: figures only)."""
    payout = Payout(sub_division_id=group.sub_division_id, group_id=group.id,
                    amount_paise=amount_paise, paid_on=paid_on, reference=reference,
                    recorded_by_id=staff.id)
    db.session.add(payout)
    db.session.flush()
    return payout


def refund(order: Order, amount_paise: int, at: datetime) -> Payment:
    """Money given back to the buyer of a delivered order (the app does this only for
    cancelled orders today; the books must still count it)."""
    payment = Payment(order_id=order.id, method=PaymentMethod.ONLINE, amount_paise=amount_paise,
                      status=PaymentStatus.REFUNDED, provider="stripe", refunded_at=at)
    db.session.add(payment)
    db.session.flush()
    return payment


@pytest.fixture
def shop(app):
    """Jai Maa sells pickle (₹180), Shakti honey (₹350) and ghee (₹123.45); staff of Nadaun
    and of Barsar; commission 2.5 %. The groups are dated back so payouts may be."""
    nadaun = make_sub_division()
    jai, jai_leader = make_group(nadaun, name="Jai Maa")
    shakti, shakti_leader = make_group(nadaun, name="Shakti")
    for group in (jai, shakti):
        group.created_at = india(2025, 1, 1)
    staff = make_user(Role.STAFF, sub_division=nadaun, name="Office Staff")
    set_commission(nadaun.id, commission_bp=250, actor=staff)
    return SimpleNamespace(
        nadaun=nadaun, slot=make_slot(nadaun, capacity=200), staff=staff,
        elsewhere=make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar")),
        jai=jai, jai_leader=jai_leader, shakti=shakti, shakti_leader=shakti_leader,
        pickle=make_product(jai, price_paise=18000, stock=500),
        honey=make_product(shakti, name_en="Honey", name_hi="शहद", price_paise=35000,
                           stock=500),
        ghee=make_product(shakti, name_en="Ghee", name_hi="घी", price_paise=12345, stock=500),
        buyer=make_user(name="Buyer"),
    )


def order(shop, wanted: dict) -> Order:
    return place_order(shop.buyer, wanted, slot=shop.slot)


@pytest.fixture
def worked(shop):
    """The worked example (see test_figures.py for the sums):

    A  Jai 2 pickles (₹360) + Shakti 1 honey (₹350), delivered 10 Oct 2025; ₹100 of it
       refunded on 25 Oct
    E  Shakti 1 ghee (₹123.45), delivered 1 Oct 2025 01:00 in India (still 30 Sep in UTC)
    F  Shakti 1 ghee (₹123.45), delivered 31 Oct 2025 23:00 in India
    C  Jai 1 pickle, cancelled: never a sale
    D  Jai 1 pickle, delivered 1 Nov 2025 00:30 in India (still 31 Oct in UTC): November
    Payouts to Jai: ₹100 on 20 Oct, ₹30 on 5 Nov.
    """
    staff = shop.staff
    a = deliver(order(shop, {shop.pickle: 2, shop.honey: 1}), staff, india(2025, 10, 10, 11))
    e = deliver(order(shop, {shop.ghee: 1}), staff, india(2025, 10, 1, 1))
    f = deliver(order(shop, {shop.ghee: 1}), staff, india(2025, 10, 31, 23))
    c = order(shop, {shop.pickle: 1})
    orders.cancel_order(c, actor=staff, reason="Buyer called to cancel")
    d = deliver(order(shop, {shop.pickle: 1}), staff, india(2025, 11, 1, 0, 30))
    refund(a, 10000, india(2025, 10, 25, 12))
    pay(shop.jai, 10000, date(2025, 10, 20), staff, reference="UTR-OCT")
    pay(shop.jai, 3000, date(2025, 11, 5), staff, reference="UTR-NOV")
    return SimpleNamespace(a=a, c=c, d=d, e=e, f=f)
