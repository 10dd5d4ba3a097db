"""Filling and reading a cart. Everything lives in the database: any server, any device.

A cart holds products of one sub-division only, in whole units of each product's unit, never
more than the stock at the time; prices are always the product's current price, and what the
cart costs is the delivery quote of the lines that can be ordered.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from marketplace.cart.errors import CartError
from marketplace.cart.models import Cart, CartItem
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import is_on_sale
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.locks import inserted
from marketplace.delivery.quote import Quote, line_total_paise, quote
from marketplace.delivery.services import terms_of
from marketplace.extensions import db

MAX_QUANTITY = 99
MAX_ITEMS = 40


def new_visitor_token() -> str:
    return secrets.token_urlsafe(32)


def find_cart(*, user_id: int | None = None, visitor_token: str | None = None) -> Cart | None:
    if user_id is not None:
        return db.session.scalar(sa.select(Cart).where(Cart.user_id == user_id))
    if visitor_token:
        return db.session.scalar(sa.select(Cart).where(Cart.visitor_token == visitor_token))
    return None


def count_items(*, user_id: int | None = None, visitor_token: str | None = None) -> int:
    """How many products the owner's cart holds, in one query (for the menu of every page)."""
    by_user = user_id is not None
    return db.session.scalar(_count_statement(by_user),
                             {"owner": user_id if by_user else visitor_token}) or 0


@functools.cache
def _count_statement(by_user: bool) -> sa.Select:
    """count_items' SELECT, the owner a parameter: made once per process, so that every page
    neither builds it nor works out its cache key again."""
    owner = Cart.user_id if by_user else Cart.visitor_token
    return (sa.select(sa.func.count(CartItem.id)).join(Cart, CartItem.cart_id == Cart.id)
            .where(owner == sa.bindparam("owner")))


def open_cart(*, user_id: int | None = None, visitor_token: str | None = None) -> Cart:
    """The owner's cart, made on first use; a second request making it at once finds it."""
    cart = find_cart(user_id=user_id, visitor_token=visitor_token)
    if cart is not None:
        return cart
    cart = Cart(user_id=user_id, visitor_token=None if user_id else visitor_token)
    if not inserted(cart):
        cart = find_cart(user_id=user_id, visitor_token=visitor_token)
    return cart


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or quantity < 1:
        raise InvalidInput(CartError.QUANTITY)
    if quantity > MAX_QUANTITY:
        raise InvalidInput(CartError.QUANTITY_TOO_LARGE)


def add_to_cart(cart: Cart, product: Product, quantity: int, *,
                start_over: bool = False) -> CartItem:
    """Add `quantity` more of a product (flushes). A cart holds one sub-division's products:
    `start_over` first takes out those of another (the buyer chose a new cart). Raises
    InvalidInput('quantity' | 'quantity_too_large' | 'other_sub_division' | 'cart_full'),
    Conflict('not_on_sale' | 'not_enough_stock')."""
    _check_quantity(quantity)
    if not is_on_sale(product):
        raise Conflict(CartError.NOT_ON_SALE)
    if start_over:
        for elsewhere in [i for i in cart.items
                          if i.product.sub_division_id != product.sub_division_id]:
            cart.items.remove(elsewhere)
    item = next((i for i in cart.items if i.product_id == product.id), None)
    others = [i for i in cart.items if i.product_id != product.id]
    if any(i.product.sub_division_id != product.sub_division_id for i in others):
        raise InvalidInput(CartError.OTHER_SUB_DIVISION)
    total = quantity + (item.quantity if item else 0)
    _check_quantity(total)
    if total > product.stock:
        raise Conflict(CartError.NOT_ENOUGH_STOCK)
    if item is None:
        if len(cart.items) >= MAX_ITEMS:
            raise InvalidInput(CartError.CART_FULL)
        item = CartItem(product=product, quantity=0, seen_price_paise=product.price_paise)
        cart.items.append(item)
    item.quantity = total
    item.seen_price_paise = product.price_paise
    cart.updated_at = utcnow()
    db.session.flush()
    return item


def change_quantity(cart: Cart, item_id: int, quantity: int) -> None:
    """Set an item's quantity; 0 takes it out. Raises NotFound-like InvalidInput('item')."""
    item = next((i for i in cart.items if i.id == item_id), None)
    if item is None:
        raise InvalidInput(CartError.ITEM)
    if quantity == 0:
        cart.items.remove(item)
        db.session.flush()
        return
    _check_quantity(quantity)
    if quantity > item.product.stock:
        raise Conflict(CartError.NOT_ENOUGH_STOCK)
    item.quantity = quantity
    db.session.flush()


def merge_visitor_cart(visitor_token: str | None, user_id: int) -> int:
    """At sign-in: move a visitor's items into the account's cart (quantities added, up to
    the most one may order; the cart page points out any shortage of stock) and drop the
    visitor cart. Returns how many items moved."""
    visitor = find_cart(visitor_token=visitor_token)
    if visitor is None:
        return 0
    cart = open_cart(user_id=user_id)
    moved = 0
    for old in list(visitor.items):
        mine = next((i for i in cart.items if i.product_id == old.product_id), None)
        clash = any(i.product.sub_division_id != old.product.sub_division_id
                    for i in cart.items)
        if mine is None and not clash and len(cart.items) < MAX_ITEMS:
            cart.items.append(CartItem(product=old.product, quantity=old.quantity,
                                       seen_price_paise=old.seen_price_paise))
            moved += 1
        elif mine is not None:
            mine.quantity = min(MAX_QUANTITY, mine.quantity + old.quantity)
            moved += 1
    db.session.delete(visitor)
    db.session.flush()
    return moved


def remove_products(cart: Cart, product_ids: set[int]) -> None:
    """One DELETE (a checkout calls it; its items need not be loaded first)."""
    db.session.execute(sa.delete(CartItem).where(CartItem.cart_id == cart.id,
                                                 CartItem.product_id.in_(product_ids)))
    db.session.expire(cart, ["items"])


def prune_visitor_carts(older_than: datetime) -> int:
    """Forget visitors' carts untouched since `older_than`."""
    stale = sa.select(Cart.id).where(Cart.visitor_token.is_not(None),
                                     Cart.updated_at < older_than)
    db.session.execute(sa.delete(CartItem).where(CartItem.cart_id.in_(stale)))
    return db.session.execute(sa.delete(Cart).where(Cart.id.in_(stale))).rowcount


@dataclass(frozen=True)
class CartLine:
    item: CartItem
    product: Product

    @property
    def price_paise(self) -> int:
        return self.product.price_paise

    @property
    def total_paise(self) -> int:
        return line_total_paise(self.item.quantity, self.product.price_paise)

    @property
    def price_changed(self) -> bool:
        return self.item.seen_price_paise != self.product.price_paise

    @property
    def on_sale(self) -> bool:
        return is_on_sale(self.product)

    @property
    def enough_stock(self) -> bool:
        return self.item.quantity <= self.product.stock

    @property
    def can_order(self) -> bool:
        return self.on_sale and self.enough_stock


@dataclass(frozen=True)
class CartView:
    lines: list[CartLine]

    @property
    def ready(self) -> bool:
        """Every line can be ordered as it stands."""
        return bool(self.lines) and all(line.can_order for line in self.lines)

    @property
    def sub_division_id(self) -> int | None:
        return self.lines[0].product.sub_division_id if self.lines else None

    @property
    def count(self) -> int:
        return len(self.lines)


def view_cart(cart: Cart | None) -> CartView:
    """The cart with today's prices and stock; one query."""
    if cart is None or cart.id is None:
        return CartView([])
    items = db.session.scalars(
        sa.select(CartItem).where(CartItem.cart_id == cart.id)
        .options(joinedload(CartItem.product).joinedload(Product.group))
        .order_by(CartItem.id)).all()
    return CartView([CartLine(item, item.product) for item in items])


def quote_cart(basket: CartView) -> Quote:
    """What a non-empty cart costs today under its sub-division's delivery terms; only the
    lines that can be ordered as they stand count."""
    return quote(terms_of(basket.sub_division_id),
                 [(line.item.quantity, line.price_paise) for line in basket.lines
                  if line.can_order])
