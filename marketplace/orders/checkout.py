"""Placing an order: one transaction takes the stock, a place in the slot and a number.

Amounts come only from the locked product rows and the sub-division's delivery terms, through
the same `quote()` as the pages the buyer saw; the form's total is only compared (a changed
price, or a tampered form, stops the checkout).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.accounts.services import remember_address
from marketplace.cart.models import Cart
from marketplace.cart.services import remove_products, view_cart
from marketplace.core.db import INDIA
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.hooks import Provider
from marketplace.core.locks import bump, lock_ids
from marketplace.core.text import one_line
from marketplace.delivery.quote import items_total_paise, line_total_paise, quote
from marketplace.delivery.services import book_place, offered_slot, terms_of
from marketplace.extensions import db
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderCounter, OrderLine, OrderPart, OrderStatus
from marketplace.orders.stock import TakenStock, take_stock
from marketplace.orders.workflow import record_change
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision
from marketplace.places.services import village_of


@dataclass
class CheckoutDetails:
    village_id: int
    address: str
    phone: str
    slot_id: int
    delivery_date: date
    payment_method: PaymentMethod
    #: unique per form shown: a second submission of the same form finds the first order
    checkout_key: str
    #: the total the buyer was shown, in paise (None: none was shown, as on the phone)
    quoted_total_paise: int | None
    note: str = ""
    contact_name: str = ""
    language: str = "hi"


class DuplicateCheckout(Exception):
    """This form was already turned into an order: roll back and show that order."""

    def __init__(self, order_id: int) -> None:
        super().__init__(order_id)
        self.order_id = order_id


def find_checkout(actor_id: int, checkout_key: str) -> Order | None:
    return db.session.scalar(sa.select(Order).where(Order.created_by_id == actor_id,
                                                    Order.checkout_key == checkout_key))


def next_order_number(sub_division: SubDivision, year: int) -> str:
    """NDN-2026-000123: one upsert raises the counter (making its row on the year's first
    order) and holds the row until commit, so numbers are given once each, without gaps
    from failed checkouts (they roll back too)."""
    number = bump(OrderCounter, {"sub_division_id": sub_division.id, "year": year},
                  "last_number")
    return f"{sub_division.code}-{year}-{number:06d}"


#: payouts (which orders may not import) say the commission in force now, in basis points,
#: by sub-division id (one query), so that each group's part keeps the rate of the day its
#: order was placed; a Provider, so an order never keeps a guessed rate
commission_in_force: Provider[[int], int] = Provider("orders.commission_in_force")


def _split_by_group(order: Order, taken: list[TakenStock], commission_bp: int) -> None:
    for group_id in sorted({t.group_id for t in taken}):
        mine = [t for t in taken if t.group_id == group_id]
        part = OrderPart(order=order, group_id=group_id, commission_bp=commission_bp,
                         items_paise=items_total_paise((t.quantity, t.price_paise) for t in mine))
        db.session.add(part)
        for t in mine:
            db.session.add(OrderLine(
                order_id=order.id, part=part, product_id=t.product_id, name_en=t.name_en,
                name_hi=t.name_hi, unit=t.unit, unit_price_paise=t.price_paise,
                quantity=t.quantity, total_paise=line_total_paise(t.quantity, t.price_paise)))


def place_order(cart: Cart, details: CheckoutDetails, *, actor: User, now: datetime,
                online_enabled: bool) -> Order:
    """Turn the cart into an order (flushes; the caller commits).

    Raises InvalidInput (empty cart, address, phone, village, slot, payment), Conflict
    ('cart_changed' when an item can no longer be ordered as it stands, 'not_enough_stock',
    'slot_full', 'slot_closed', 'total_changed', 'minimum_order') and DuplicateCheckout.
    """
    basket = view_cart(cart)
    # Looked up after reading the cart: a twin submission that committed meanwhile has
    # emptied the cart, and its order is then found here (not reported as 'cart_empty').
    # A twin still running is stopped by the order's unique checkout key instead.
    existing = find_checkout(actor.id, details.checkout_key)
    if existing is not None:
        raise DuplicateCheckout(existing.id)
    if not basket.lines:
        raise InvalidInput(OrderError.CART_EMPTY)
    if not basket.ready:
        raise Conflict(OrderError.CART_CHANGED)
    sub_division = db.session.get(SubDivision, basket.sub_division_id)
    details = replace(details, contact_name=details.contact_name or actor.name)
    wanted = {line.product.id: line.item.quantity for line in basket.lines}
    remove_products(cart, set(wanted))  # before the shared rows are taken, not while held
    return create_order(wanted, details, sub_division=sub_division, actor=actor,
                        customer_id=actor.id, now=now, online_enabled=online_enabled,
                        remember_for=actor)


#: an order still to be paid in cash at the door
OPEN_STATUSES = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.PACKED,
                 OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERY_FAILED)


def _check_cash_cap(customer_id: int, sub_division_id: int, cap: int) -> None:
    """Conflict('cash_orders_limit') when the account already has `cap` open cash orders in
    the sub-division. The account's row is locked first (PostgreSQL), so two checkouts at once
    cannot both take the last place."""
    lock_ids(User, [customer_id])
    open_cash = db.session.scalar(
        sa.select(sa.func.count(Order.id)).where(
            Order.customer_id == customer_id, Order.sub_division_id == sub_division_id,
            Order.payment_method == PaymentMethod.CASH, Order.status.in_(OPEN_STATUSES)))
    if open_cash >= cap:
        raise Conflict(OrderError.CASH_ORDERS_LIMIT)


def create_order(wanted: dict[int, int], details: CheckoutDetails, *,
                 sub_division: SubDivision, actor: User, customer_id: int | None,
                 now: datetime, online_enabled: bool,
                 remember_for: User | None = None) -> Order:
    """The core of every way of ordering: take `wanted` {product id: quantity} from stock,
    a place in the slot and a number, and write the order with its per-SHG parts (each
    keeping the commission in force now), its first status change and the buyer's message
    (flushes; the caller commits).

    `details.quoted_total_paise` None means no total was shown before (a phone order);
    `remember_for`: the account that keeps this village and address for its next form
    (set here, before any shared row is taken, so its UPDATE is not made while they are held).
    Raises InvalidInput ('village', 'payment_method', 'address', 'note', 'contact',
    'slot'), Conflict ('cash_orders_limit', 'not_enough_stock' with the product id,
    'minimum_order',
    'total_changed', 'slot_full', 'slot_closed') and DuplicateCheckout.
    """
    village = village_of(sub_division.id, details.village_id)
    if details.payment_method is PaymentMethod.ONLINE and not online_enabled:
        raise InvalidInput(OrderError.PAYMENT_METHOD)
    address = one_line(details.address, 300, OrderError.ADDRESS, required=True)
    note = one_line(details.note, 500, OrderError.NOTE, required=False)
    contact = one_line(details.contact_name, 80, OrderError.CONTACT, required=True)
    if remember_for is not None:  # the buyer's own checkout: offered on their next form
        remember_address(remember_for, village.id, address)

    terms = terms_of(sub_division.id)
    if details.payment_method is PaymentMethod.CASH and customer_id is not None:
        _check_cash_cap(customer_id, sub_division.id, terms.max_open_cash_orders)
    slot = offered_slot(sub_division.id, details.slot_id, details.delivery_date, now)
    commission_bp = commission_in_force.ask(sub_division.id)

    # Lock order: the buyer's account (cash cap), products (by id), then, last, the slot's
    # day and the number counter, which every checkout shares: they are held only for the
    # inserts and the commit.
    taken = take_stock(wanted, sub_division.id)
    price = quote(terms, [(t.quantity, t.price_paise) for t in taken])
    if not price.meets_minimum:
        raise Conflict(OrderError.MINIMUM_ORDER)
    if (details.quoted_total_paise is not None
            and price.total_paise != details.quoted_total_paise):
        raise Conflict(OrderError.TOTAL_CHANGED)
    book_place(slot, details.delivery_date)
    order = Order(
        number=next_order_number(sub_division, now.astimezone(INDIA).year),
        sub_division_id=sub_division.id,
        customer_id=customer_id, created_by_id=actor.id, checkout_key=details.checkout_key,
        contact_name=contact, phone=details.phone, language=details.language,
        village_id=village.id, address=address, note=note, slot_id=slot.id,
        delivery_date=details.delivery_date, status=OrderStatus.PLACED,
        payment_method=details.payment_method, items_paise=price.items_paise,
        delivery_paise=price.delivery_charge_paise, total_paise=price.total_paise)
    db.session.add(order)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as exc:
        # The same form, submitted twice at once: the other submission won (the caller
        # rolls back, as for every DuplicateCheckout).
        raise DuplicateCheckout(0) from exc
    _split_by_group(order, taken, commission_bp)
    record_change(order, None, actor_id=actor.id, reason=None)  # flushes parts and lines too
    return order
