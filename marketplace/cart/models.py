"""A cart and its items; prices are read from the product, never trusted from the cart."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalogue.models import Product
from marketplace.core.db import Created, Keyed, UTCDateTime, utcnow
from marketplace.extensions import db


class Cart(Keyed, Created, db.Model):
    """Exactly one owner: a signed-in account, or a visitor's random token."""

    __tablename__ = "carts"

    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    visitor_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow,
                                                 index=True)

    items: Mapped[list[CartItem]] = relationship(order_by="CartItem.id",
                                                 cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint("(user_id IS NULL) <> (visitor_token IS NULL)", name="one_owner"),
    )


class CartItem(Keyed, db.Model):
    __tablename__ = "cart_items"

    cart_id: Mapped[int] = mapped_column(sa.ForeignKey("carts.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    #: whole units of the product's unit (2 × "500 g")
    quantity: Mapped[int] = mapped_column()
    #: the price the buyer saw when adding, to point out a change since
    seen_price_paise: Mapped[int] = mapped_column()
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    product: Mapped[Product] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("cart_id", "product_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    )
