"""Ordering again what was delivered: its products at today's prices and stock, the total and
the next delivery slot with room, shown first; then a new cash-on-delivery order through the
same core as every checkout (checkout.create_order: stock taken atomically, never oversold)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import is_on_sale
from marketplace.core.errors import Conflict, Forbidden
from marketplace.delivery.quote import Quote, quote
from marketplace.delivery.services import SlotChoice, offered_choices, terms_of
from marketplace.extensions import db
from marketplace.orders.checkout import (
    CheckoutDetails,
    DuplicateCheckout,
    create_order,
    find_checkout,
)
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import is_buyer
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision


@dataclass(frozen=True)
class RepeatLine:
    product_id: int
    name_en: str
    name_hi: str
    quantity: int
    #: today's price, not the one paid then
    price_paise: int


@dataclass(frozen=True)
class RepeatOffer:
    """What ordering again would bring: the lines still on sale with enough in stock, those
    left out (sold out or no longer listed), today's total and the next slot with room."""

    lines: tuple[RepeatLine, ...]
    left_out: tuple[str, ...]
    quote: Quote
    choice: SlotChoice | None


def may_repeat(order: Order, user: User) -> bool:
    return order.status is OrderStatus.DELIVERED and is_buyer(order, user)


def offer_repeat(order: Order, *, now: datetime) -> RepeatOffer:
    """The offer for `order` as things stand now (reads only; two or three queries)."""
    ids = [line.product_id for line in order.lines]
    products = {product.id: product for product in db.session.scalars(
        sa.select(Product).where(Product.id.in_(ids)))} if ids else {}
    lines, left_out = [], []
    for line in order.lines:
        product = products.get(line.product_id)
        if product is None or not is_on_sale(product) or product.stock < line.quantity:
            left_out.append(line.name_en)
            continue
        lines.append(RepeatLine(product.id, product.name_en, product.name_hi, line.quantity,
                                product.price_paise))
    total = quote(terms_of(order.sub_division_id),
                  [(line.quantity, line.price_paise) for line in lines])
    choice = next((c for c in offered_choices(order.sub_division_id, now) if not c.is_full),
                  None)
    return RepeatOffer(tuple(lines), tuple(left_out), total, choice)


def repeat_order(order: Order, *, actor: User, shown_total_paise: int, slot_id: int,
                 delivery_date: date, checkout_key: str, now: datetime) -> Order:
    """Place the offer the buyer said yes to, cash on delivery, to the same address (flushes;
    the caller commits). Raises Forbidden('not_repeatable') unless `actor` bought this
    delivered order, Conflict('nothing_to_repeat'), and what create_order raises: among them
    Conflict('total_changed') when today's total is no longer `shown_total_paise`,
    'not_enough_stock', 'slot_full', 'slot_closed', and DuplicateCheckout for a second yes."""
    if not may_repeat(order, actor):
        raise Forbidden(OrderError.NOT_REPEATABLE)
    existing = find_checkout(actor.id, checkout_key)
    if existing is not None:
        raise DuplicateCheckout(existing.id)
    offer = offer_repeat(order, now=now)
    if not offer.lines:
        raise Conflict(OrderError.NOTHING_TO_REPEAT)
    details = CheckoutDetails(
        village_id=order.village_id, address=order.address, phone=order.phone,
        slot_id=slot_id, delivery_date=delivery_date, payment_method=PaymentMethod.CASH,
        checkout_key=checkout_key, quoted_total_paise=shown_total_paise,
        contact_name=order.contact_name, language=order.language)
    return create_order({line.product_id: line.quantity for line in offer.lines}, details,
                        sub_division=db.session.get(SubDivision, order.sub_division_id),
                        actor=actor, customer_id=actor.id,
                        now=now, online_enabled=False)
