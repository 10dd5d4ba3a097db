"""A sub-division with two blocks, a group, staff, a courier, packed orders in chosen
villages, and runs of them built and sent out (they flush, never commit)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.core.db import utcnow
from marketplace.delivery.models import DeliverySlot, SlotLoad
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun
from marketplace.fulfilment.queries import get_run
from marketplace.fulfilment.services import assign_courier, build_runs, dispatch_run
from marketplace.orders import services
from marketplace.orders.checkout import CheckoutDetails
from marketplace.orders.checkout import place_order as checkout
from marketplace.orders.models import Order
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.places.models import SubDivision, Village
from marketplace.places.services import ensure_block, ensure_panchayat, ensure_village
from tests.helpers import (
    clock_on,
    fill_cart,
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    tomorrow,
)


@dataclass
class World:
    nadaun: SubDivision
    staff: User
    courier: User
    other_courier: User
    elsewhere: User
    slot: DeliverySlot
    product: object
    group: object
    leader: User
    #: villages by English name: "Nadaun Village" (block "Nadaun Block"), "Bela", "Amroh"
    #: (block "Bhoranj Block": Amroh in panchayat "Amroh GP", Bela in "Bela GP")
    villages: dict[str, Village] = field(default_factory=dict)


def make_world(*, stock: int = 500, slot_capacity: int = 100) -> World:
    nadaun = make_sub_division()
    group, leader = make_group(nadaun)
    block = ensure_block(nadaun, name_en="Bhoranj Block", name_hi="भोरंज खंड")
    villages = {"Nadaun Village": first_village(nadaun)}
    for name, hindi in (("Bela", "बेला"), ("Amroh", "अमरोह")):
        panchayat = ensure_panchayat(block, name_en=f"{name} GP", name_hi=f"{hindi} पंचायत")
        villages[name] = ensure_village(panchayat, name_en=name, name_hi=hindi,
                                        latitude=31.7, longitude=76.4)
    return World(
        nadaun=nadaun, staff=make_user(Role.STAFF, sub_division=nadaun, name="Office Staff"),
        courier=make_user(Role.DELIVERY, sub_division=nadaun, name="Ravi Courier"),
        other_courier=make_user(Role.DELIVERY, sub_division=nadaun, name="Other Courier"),
        elsewhere=make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar")),
        slot=make_slot(nadaun, capacity=slot_capacity),
        product=make_product(group, name_en="Honey", name_hi="शहद", price_paise=20000,
                             stock=stock),
        group=group, leader=leader, villages=villages)


def order_in(world: World, village: str = "Nadaun Village", *, address: str = "House 1",
             method: PaymentMethod = PaymentMethod.CASH, quantity: int = 1,
             pack: bool = True, day: date | None = None, language: str = "en") -> Order:
    """A checkout through the real service; confirmed and packed unless `pack` is False.
    An online order is paid (as the webhook would record it) before it is confirmed."""
    buyer = make_user(name=f"Buyer {uuid.uuid4().hex[:6]}")
    cart = fill_cart(buyer, {world.product: quantity})
    items = world.product.price_paise * quantity
    order = checkout(cart, CheckoutDetails(
        village_id=world.villages[village].id, address=address, phone=buyer.phone,
        slot_id=world.slot.id, delivery_date=day or tomorrow(), payment_method=method,
        checkout_key=uuid.uuid4().hex, quoted_total_paise=items + (3000 if items < 50000 else 0),
        contact_name=buyer.name, language=language), actor=buyer, now=utcnow(),
        online_enabled=True)
    if method is PaymentMethod.ONLINE:
        db.session.add(Payment(order_id=order.id, method=PaymentMethod.ONLINE,
                               amount_paise=order.total_paise, status=PaymentStatus.PAID,
                               paid_at=utcnow()))
        order.paid_at = utcnow()
        db.session.flush()
    if pack:
        services.confirm_order(order, actor=world.staff)
        for part in order.parts:
            services.mark_part_packed(part, actor=world.staff)
    return order


def booked(slot_id: int, day: date) -> int:
    return db.session.scalar(sa.select(SlotLoad.booked).where(
        SlotLoad.slot_id == slot_id, SlotLoad.delivery_date == day)) or 0


def fresh(model, object_id):
    """The row as the database has it now (what the session changed is written first)."""
    db.session.flush()
    db.session.expire_all()
    return db.session.get(model, object_id)


def on_delivery_day(run) -> None:
    """The app's clock reads 9 am in India on the run's day (a run goes out on its day only)."""
    clock_on(run.delivery_date)


def planned_run(world: World, *addresses: str, methods: list[PaymentMethod] | None = None,
                language: str = "en") -> tuple[DeliveryRun, list[Order]]:
    """Packed orders of tomorrow, one per address (cash unless `methods` says otherwise; the
    buyers speak `language`), and the first run built of them, still planned."""
    methods = methods or [PaymentMethod.CASH] * len(addresses)
    orders = [order_in(world, address=address, method=method, language=language)
              for address, method in zip(addresses, methods, strict=True)]
    run = build_runs(world.nadaun.id, slot_id=world.slot.id, day=tomorrow(),
                     actor=world.staff)[0]
    return run, orders


def send_out(world: World, run: DeliveryRun) -> DeliveryRun:
    """The run given to the world's courier and sent out on its day, read back with its
    stops (queries.get_run)."""
    assign_courier(run, actor=world.staff, courier=world.courier)
    on_delivery_day(run)
    dispatch_run(run, actor=world.staff)
    return get_run(run.id)


def out_run(world: World, *addresses: str, methods: list[PaymentMethod] | None = None,
            language: str = "en") -> tuple[DeliveryRun, list[Order]]:
    """planned_run, sent out: (the run with its stops, the orders)."""
    run, orders = planned_run(world, *addresses, methods=methods, language=language)
    return send_out(world, run), orders
