"""Orders that staff take for a caller (phone or WhatsApp): a normal order, cash on delivery.

The order goes through the same core as the web checkout (checkout.create_order): the same
stock, slot, charges, numbering, per-SHG parts, history and messages. It belongs to the
caller's account when the phone has a buyer's account (accounts.access.CUSTOMER_ROLES; a staff
or operator number is not a buyer), so it shows under their "My orders".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from marketplace.accounts.access import CUSTOMER_ROLES, require_staff_for
from marketplace.accounts.models import User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.catalogue.services import is_on_sale
from marketplace.core.audit import record_event
from marketplace.core.errors import Conflict, ErrorCode, InvalidInput
from marketplace.core.phone import try_normalize_phone
from marketplace.extensions import db
from marketplace.orders.checkout import (
    CheckoutDetails,
    DuplicateCheckout,
    create_order,
    find_checkout,
)
from marketplace.orders.models import Order
from marketplace.payments.models import PaymentMethod
from marketplace.places.models import SubDivision
from marketplace.shg.models import SelfHelpGroup

MAX_LINES = 10
MAX_QUANTITY = 999


class PhoneOrderError(ErrorCode):
    """What a phone order refuses besides what every order does (OrderError)."""

    TOO_MANY_LINES = "too_many_lines", _l("At most %(count)d products in one order.",
                                          count=MAX_LINES)
    QUANTITY = "quantity", _l("Write a whole number of units from 1 to %(most)d.",
                              most=MAX_QUANTITY)
    NO_LINES = "no_lines", _l("Choose at least one product.")
    #: detail: the product's id
    PRODUCT = "product", _l("Choose products of this sub-division from the list.")
    #: detail: the product's id
    PRODUCT_UNAVAILABLE = "product_unavailable", _l("A product is no longer listed; choose "
                                                    "another.")
    PHONE = "phone", _l("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345.")
    LANGUAGE = "language", _l("Choose a language.")


@dataclass
class PhoneOrderDetails:
    phone: str
    contact_name: str
    language: str
    village_id: int
    address: str
    slot_id: int
    delivery_date: date
    #: unique per form shown: a second submission finds the first order
    checkout_key: str
    note: str = ""


@dataclass(frozen=True)
class CallerDetails:
    """What is known of a caller, to fill the form: from their last order here, or their
    account."""

    name: str = ""
    language: str = "hi"
    village_id: int | None = None
    address: str = ""
    has_account: bool = False


def list_orderable_products(sub_division_id: int) -> list[Product]:
    """Approved, deliverable products (sold out ones too), with their group (one query);
    the form orders them by the names its reader sees."""
    return list(db.session.scalars(
        sa.select(Product).join(SelfHelpGroup, Product.group_id == SelfHelpGroup.id)
        .where(Product.sub_division_id == sub_division_id,
               Product.status == ProductStatus.APPROVED, Product.can_deliver)
        .options(joinedload(Product.group))
        .order_by(Product.id)))


def find_caller(phone: str, sub_division_id: int) -> CallerDetails:
    """The caller's name, language and address from their last order in the sub-division,
    else the name and language of their buyer's account; empty for a stranger."""
    account = get_user_by_phone(phone)
    has_account = account is not None and account.role in CUSTOMER_ROLES
    last = db.session.scalar(
        sa.select(Order).where(Order.phone == phone, Order.sub_division_id == sub_division_id)
        .order_by(Order.created_at.desc(), Order.id.desc()).limit(1))
    if last is not None:
        return CallerDetails(name=last.contact_name, language=last.language,
                             village_id=last.village_id, address=last.address,
                             has_account=has_account)
    if has_account:
        return CallerDetails(name=account.name, language=account.preferred_language,
                             has_account=True)
    return CallerDetails()


def _wanted(lines: list[tuple[int, int]]) -> dict[int, int]:
    """{product id: quantity}; rows of the same product are added up."""
    if len(lines) > MAX_LINES:
        raise InvalidInput(PhoneOrderError.TOO_MANY_LINES)
    wanted: dict[int, int] = {}
    for product_id, quantity in lines:
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
            raise InvalidInput(PhoneOrderError.QUANTITY)
        wanted[product_id] = wanted.get(product_id, 0) + quantity
        if wanted[product_id] > MAX_QUANTITY:
            raise InvalidInput(PhoneOrderError.QUANTITY)
    if not wanted:
        raise InvalidInput(PhoneOrderError.NO_LINES)
    return wanted


def _check_products(wanted: dict[int, int], sub_division_id: int) -> None:
    products = db.session.execute(
        sa.select(Product.id, Product.sub_division_id, Product.status, Product.can_deliver)
        .where(Product.id.in_(wanted))).all()
    found = {row.id: row for row in products}
    for product_id in sorted(wanted):
        row = found.get(product_id)
        if row is None or row.sub_division_id != sub_division_id:
            raise InvalidInput(PhoneOrderError.PRODUCT, str(product_id))
        if not is_on_sale(row):
            raise Conflict(PhoneOrderError.PRODUCT_UNAVAILABLE, str(product_id))


def take_phone_order(lines: list[tuple[int, int]], details: PhoneOrderDetails, *,
                     sub_division: SubDivision, actor: User, now: datetime) -> Order:
    """Place a cash-on-delivery order for a caller (flushes; the caller commits).

    `lines` are (product id, quantity) rows as typed; rows of one product are merged.
    Requires staff of the sub-division or an admin (Forbidden('staff_only')). Raises
    InvalidInput ('quantity', 'no_lines', 'too_many_lines', 'product', 'phone', 'language'
    and those of checkout.create_order), Conflict ('product_unavailable' and those of
    create_order: 'not_enough_stock', 'slot_full', 'slot_closed', 'minimum_order') and
    DuplicateCheckout when this form was already placed. The caller is told in their
    language through the outbox; the order is audited.
    """
    require_staff_for(actor, sub_division.id)
    existing = find_checkout(actor.id, details.checkout_key)
    if existing is not None:
        raise DuplicateCheckout(existing.id)
    wanted = _wanted(lines)
    _check_products(wanted, sub_division.id)
    phone = try_normalize_phone(details.phone)
    if phone is None:
        raise InvalidInput(PhoneOrderError.PHONE)
    if details.language not in ("hi", "en"):
        raise InvalidInput(PhoneOrderError.LANGUAGE)
    account = get_user_by_phone(phone)
    customer_id = account.id if account is not None and account.role in CUSTOMER_ROLES else None
    order = create_order(
        wanted,
        CheckoutDetails(village_id=details.village_id, address=details.address, phone=phone,
                        slot_id=details.slot_id, delivery_date=details.delivery_date,
                        payment_method=PaymentMethod.CASH, checkout_key=details.checkout_key,
                        quoted_total_paise=None, note=details.note,
                        contact_name=details.contact_name, language=details.language),
        sub_division=sub_division, actor=actor, customer_id=customer_id, now=now,
        online_enabled=False)
    record_event("order.taken_by_phone", actor_id=actor.id, subject_type="order",
                 subject_id=order.id, sub_division_id=sub_division.id,
                 data={"number": order.number, "customer_id": customer_id})
    return order
