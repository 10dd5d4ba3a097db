"""Delivery slots, charges and the next days' orders for the demo, placed through checkout."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.accounts.services import create_account, hash_password
from marketplace.cart.services import add_to_cart, open_cart, quote_cart, view_cart
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.db import INDIA
from marketplace.core.errors import DomainError
from marketplace.delivery.models import DeliverySlot
from marketplace.delivery.services import (
    SlotChoice,
    SlotDetails,
    offered_choices,
    save_slot,
    save_terms,
)
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.models import Order, PartStatus
from marketplace.orders.services import confirm_order, mark_part_packed
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision, Village
from marketplace.shg.models import SHGMember

# Morning on working days, ordered by the evening before; an evening slot every day.
SLOTS = [SlotDetails(weekdays="123456", starts_at=time(9), ends_at=time(12), capacity=40,
                     cutoff_minutes=12 * 60),
         SlotDetails(weekdays="1234567", starts_at=time(16), ends_at=time(19), capacity=40,
                     cutoff_minutes=3 * 60)]
BUYER_NAMES = ["Kusum Lata", "Ramesh Chand", "Savitri Devi", "Anil Kumar", "Neelam Sharma",
               "Suresh Thakur", "Pushpa Devi", "Manoj Rana", "Seema Kumari", "Ashok Verma",
               "Renu Bala", "Vijay Singh"]
#: how many delivery times get demo orders (each gets placed, confirmed and packed ones)
DEMO_TIMES = 3
HOUSES = ["House {n}, near the temple", "Ward {n}, behind the school",
          "मकान {n}, पंचायत घर के पास", "Shop {n}, main bazaar"]


def seed_delivery(sub_division: SubDivision) -> None:
    if db.session.scalar(sa.select(sa.func.count(DeliverySlot.id)).where(
            DeliverySlot.sub_division_id == sub_division.id)):
        return
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    for details in SLOTS:
        save_slot(sub_division.id, details, actor_id=admin.id)
    save_terms(sub_division.id, charge_paise=3000, free_from_paise=50000,
               minimum_order_paise=10000, actor_id=admin.id)


def _buyers() -> list[User]:
    shared_hash = hash_password(nadaun.DEMO_PASSWORD)
    buyers = []
    for index, name in enumerate(BUYER_NAMES, start=1):
        phone = f"+9198170{index:05d}"
        user = db.session.scalar(sa.select(User).where(User.phone == phone))
        buyers.append(user or create_account(phone=phone, name=name, password="",
                                             password_hash=shared_hash, role=Role.RESIDENT,
                                             language="hi" if index % 3 else "en"))
    return buyers


def demo_choices(sub_division_id: int, now: datetime) -> list[SlotChoice]:
    """The three delivery times the demo fills: every one of tomorrow's (the office plans
    tomorrow's runs from them), then the soonest others. Tomorrow always has a time open at
    `now`: the evening slot runs every day and closes three hours before it starts."""
    tomorrow = now.astimezone(INDIA).date() + timedelta(days=1)
    open_choices = [c for c in offered_choices(sub_division_id, now) if not c.is_full]
    tomorrows = [c for c in open_choices if c.day == tomorrow]
    return (tomorrows + [c for c in open_choices if c.day != tomorrow])[:DEMO_TIMES]


def seed_orders(sub_division: SubDivision, now: datetime, count: int = 24) -> int:
    """Orders for the coming delivery times, placed at `now`: some placed, some confirmed,
    some packed, for each time (only if there are no orders yet). Returns how many were
    placed."""
    if db.session.scalar(sa.select(sa.func.count(Order.id))):
        return 0
    rng = random.Random(5)  # noqa: S311 - demo data
    choices = demo_choices(sub_division.id, now)
    products = db.session.scalars(sa.select(Product).where(
        Product.sub_division_id == sub_division.id, Product.status == ProductStatus.APPROVED,
        Product.can_deliver, Product.stock >= 5).order_by(Product.id)).all()
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division.id).order_by(Village.id)).all()
    staff = db.session.scalar(sa.select(User).where(User.role == Role.STAFF,
                                                    User.sub_division_id == sub_division.id))
    placed = 0
    for index in range(count):
        buyer = _buyers()[index % len(BUYER_NAMES)]
        choice = choices[(index // 3) % len(choices)]  # each slot gets placed, confirmed, packed
        cart = open_cart(user_id=buyer.id)
        for product in rng.sample(products, rng.randint(1, 4)):
            add_to_cart(cart, product, rng.randint(1, 3))
        shown = quote_cart(view_cart(cart))  # what the checkout page would have shown
        try:
            with db.session.begin_nested():
                order = place_order(cart, CheckoutDetails(
                    village_id=rng.choice(villages).id,
                    address=rng.choice(HOUSES).format(n=rng.randint(1, 300)),
                    phone=buyer.phone, slot_id=choice.slot.id, delivery_date=choice.day,
                    payment_method=PaymentMethod.CASH, checkout_key=uuid.uuid4().hex,
                    quoted_total_paise=shown.total_paise, contact_name=buyer.name,
                    language=buyer.preferred_language), actor=buyer, now=now,
                    online_enabled=False)
        except DomainError:
            cart.items.clear()  # e.g. below the minimum order: leave this buyer out
            continue
        placed += 1
        if index % 3:
            confirm_order(order, actor=staff)
            if index % 3 == 2:
                for part in order.parts:
                    if part.status is PartStatus.TO_PACK:
                        packer = db.session.scalar(sa.select(SHGMember).where(
                            SHGMember.group_id == part.group_id, SHGMember.is_leader))
                        mark_part_packed(part, actor=packer.user)
    db.session.flush()
    return placed
