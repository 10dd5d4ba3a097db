"""A sub-division's delivery slots, charges and the next days' orders for the demo, placed
through checkout by its demo buyers."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

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
    active_slots,
    closes_at,
    offered_choices,
    save_slot,
    save_terms,
    starts_at,
)
from marketplace.demo.nadaun import DEMO_PASSWORD
from marketplace.demo.recipe import Recipe
from marketplace.extensions import db
from marketplace.fulfilment.services import assign_courier, build_runs
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.models import Order, PartStatus
from marketplace.orders.services import confirm_order, mark_part_packed
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision, Village, VillageKind
from marketplace.shg.models import SHGMember

# Morning on working days, ordered by the evening before; an evening slot every day.
SLOTS = [SlotDetails(weekdays="123456", starts_at=time(9), ends_at=time(12), capacity=40,
                     cutoff_minutes=12 * 60),
         SlotDetails(weekdays="1234567", starts_at=time(16), ends_at=time(19), capacity=40,
                     cutoff_minutes=3 * 60)]
#: how many delivery times get demo orders (each gets placed, confirmed and packed ones)
DEMO_TIMES = 3
#: packed orders on the run the demo has ready for each delivery time left today
TODAY_ORDERS = 4
def _address(rng: random.Random, recipe: Recipe, village: Village, language: str) -> str:
    template = rng.choice(recipe.houses[language])
    n = rng.randint(1, 300)
    place = village.name_hi if language == "hi" else village.name_en
    return template.format(n=n, w=n % 9 + 1, place=place)


def seed_delivery(sub_division: SubDivision, recipe: Recipe) -> None:
    """The delivery times and terms (charge, free from, minimum order), once."""
    if db.session.scalar(sa.select(sa.func.count(DeliverySlot.id)).where(
            DeliverySlot.sub_division_id == sub_division.id)):
        return
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    for details in SLOTS:
        save_slot(sub_division.id, details, actor_id=admin.id)
    charge, free_from, minimum = recipe.delivery_terms
    save_terms(sub_division.id, charge_paise=charge, free_from_paise=free_from,
               minimum_order_paise=minimum, actor_id=admin.id)


def _buyers(recipe: Recipe) -> list[User]:
    shared_hash = hash_password(DEMO_PASSWORD)
    buyers = []
    for index, name in enumerate(recipe.buyer_names, start=1):
        phone = f"{recipe.buyer_phones}{index:05d}"
        user = db.session.scalar(sa.select(User).where(User.phone == phone))
        buyers.append(user or create_account(phone=phone, name=name, password="",
                                             password_hash=shared_hash, role=Role.RESIDENT,
                                             language="hi" if index % 3 else "en"))
    return buyers


def demo_choices(sub_division_id: int, now: datetime) -> list[SlotChoice]:
    """The three delivery times the demo fills: every one of tomorrow's (the office plans
    tomorrow's runs from them), then the soonest later ones (today's have their own runs:
    `seed_todays_runs`). Tomorrow always has a time open at `now`: the evening slot runs
    every day and closes three hours before it starts."""
    today = now.astimezone(INDIA).date()
    tomorrow = today + timedelta(days=1)
    open_choices = [c for c in offered_choices(sub_division_id, now)
                    if not c.is_full and c.day != today]
    tomorrows = [c for c in open_choices if c.day == tomorrow]
    return (tomorrows + [c for c in open_choices if c.day != tomorrow])[:DEMO_TIMES]


def todays_slots(sub_division_id: int, now: datetime) -> list[DeliverySlot]:
    """Today's delivery times that have not started at `now`: none late in the evening."""
    today = now.astimezone(INDIA).date()
    return [slot for slot in active_slots(sub_division_id)
            if slot.runs_on(today) and starts_at(slot, today) > now]


def _place(buyer: User, products: list[Product], rng: random.Random, recipe: Recipe,
           village: Village, slot_id: int, day: date, placed_at: datetime) -> Order | None:
    """An order through checkout as the buyer would place it at `placed_at`, or None when
    checkout refuses it (e.g. below the minimum order)."""
    cart = open_cart(user_id=buyer.id)
    for product in rng.sample(products, rng.randint(1, 4)):
        add_to_cart(cart, product, rng.randint(1, 3))
    shown = quote_cart(view_cart(cart))  # what the checkout page would have shown
    try:
        with db.session.begin_nested():
            return place_order(cart, CheckoutDetails(
                village_id=village.id,
                address=_address(rng, recipe, village, buyer.preferred_language),
                phone=buyer.phone, slot_id=slot_id, delivery_date=day,
                payment_method=PaymentMethod.CASH, checkout_key=uuid.uuid4().hex,
                quoted_total_paise=shown.total_paise, contact_name=buyer.name,
                language=buyer.preferred_language), actor=buyer, now=placed_at,
                online_enabled=False)
    except DomainError:
        cart.items.clear()
        return None


def _pack(order: Order) -> None:
    for part in order.parts:
        if part.status is PartStatus.TO_PACK:
            packer = db.session.scalar(sa.select(SHGMember).where(
                SHGMember.group_id == part.group_id, SHGMember.is_leader))
            mark_part_packed(part, actor=packer.user)


def seed_orders(sub_division: SubDivision, recipe: Recipe, now: datetime,
                count: int = 24) -> int:
    """Orders for the coming delivery times, placed at `now` by the recipe's buyers: some
    placed, some confirmed, some packed, for each time; and today's runs
    (`seed_todays_runs`). Only if the sub-division has no orders yet. Returns how many were
    placed."""
    if db.session.scalar(sa.select(sa.func.count(Order.id)).where(
            Order.sub_division_id == sub_division.id)):
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
    buyers = _buyers(recipe)
    placed = 0
    for index in range(count):
        choice = choices[(index // 3) % len(choices)]  # each slot gets placed, confirmed, packed
        order = _place(buyers[index % len(buyers)], products, rng, recipe,
                       rng.choice(villages), choice.slot.id, choice.day, now)
        if order is None:
            continue  # leave this buyer out
        placed += 1
        if index % 3:
            confirm_order(order, actor=staff)
            if index % 3 == 2:
                _pack(order)
    placed += seed_todays_runs(sub_division, recipe, now, buyers=buyers, products=products,
                               villages=villages, staff=staff)
    db.session.flush()
    return placed


def seed_todays_runs(sub_division: SubDivision, recipe: Recipe, now: datetime, *,
                     buyers: list[User],
                     products: list[Product], villages: list[Village], staff: User) -> int:
    """For each delivery time left today: packed orders of one block, placed before its
    cut-off, on a run given to the demo's courier, so a morning demo has deliveries to make
    today. Seeded after the last time has started (late evening) there is none: tomorrow's
    runs are still to make. Returns how many orders were placed."""
    rng = random.Random(6)  # noqa: S311 - demo data
    today = now.astimezone(INDIA).date()
    courier = db.session.scalar(sa.select(User).where(
        User.role == Role.DELIVERY, User.sub_division_id == sub_division.id).order_by(User.id))
    # One block (the first rural one), so each time has one run to show.
    block_id = min(v.block_id for v in villages if v.kind is VillageKind.VILLAGE)
    nearby = [v for v in villages if v.block_id == block_id]
    placed = 0
    for number, slot in enumerate(todays_slots(sub_division.id, now)):
        placed_at = min(now, closes_at(slot, today) - timedelta(hours=2))
        for index in range(TODAY_ORDERS):
            buyer = buyers[(number * TODAY_ORDERS + index) % len(buyers)]
            order = _place(buyer, products, rng, recipe, rng.choice(nearby), slot.id, today,
                           placed_at)
            if order is None:
                continue
            placed += 1
            confirm_order(order, actor=staff)
            _pack(order)
        for run in build_runs(sub_division.id, slot_id=slot.id, day=today, actor=staff):
            if courier is not None:
                assign_courier(run, actor=staff, courier=courier)
    return placed
