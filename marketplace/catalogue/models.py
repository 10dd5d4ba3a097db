"""Product categories, products and their photos."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from marketplace.core.db import (
    GIN_NO_PENDING_LIST,
    Keyed,
    OfSubDivision,
    UTCDateTime,
    enum_column_type,
    utcnow,
)
from marketplace.core.workflow import ReviewStatus
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.shg.models import SelfHelpGroup


class ProductCategory(Keyed, db.Model):
    __tablename__ = "product_categories"

    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(60))
    name_hi: Mapped[str] = mapped_column(sa.String(60))
    sort_order: Mapped[int] = mapped_column(default=0)


class ProductUnit(enum.StrEnum):
    KG = "kg"
    HALF_KG = "500g"
    QUARTER_KG = "250g"
    DOZEN = "dozen"
    PIECE = "piece"
    LITRE = "litre"
    HALF_LITRE = "500ml"
    BUNDLE = "bundle"
    PACKET = "packet"
    JAR = "jar"


#: its own name, so that code about products reads as such
ProductStatus = ReviewStatus


class Product(OfSubDivision, db.Model):
    __tablename__ = "products"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("self_help_groups.id"), index=True)
    #: copied from the group so tenant filters need no join
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("product_categories.id"), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(100), default="")
    name_hi: Mapped[str] = mapped_column(sa.String(100), default="")
    #: search_key of both names and the description, for Latin/Devanagari search
    search_text: Mapped[str] = mapped_column(sa.String(2500), default="")
    description: Mapped[str] = mapped_column(sa.String(1000), default="")
    unit: Mapped[ProductUnit] = mapped_column(enum_column_type(ProductUnit, "product_unit"))
    #: price of one unit
    price_paise: Mapped[int] = mapped_column()
    stock: Mapped[int] = mapped_column(default=0)
    #: units sold in orders not cancelled: the catalogue's popularity
    units_sold: Mapped[int] = mapped_column(default=0, server_default="0")
    is_organic: Mapped[bool] = mapped_column(default=False)
    season: Mapped[str] = mapped_column(sa.String(100), default="")
    can_deliver: Mapped[bool] = mapped_column(default=True)
    can_pick_up: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProductStatus] = mapped_column(
        enum_column_type(ProductStatus, "product_status"), default=ProductStatus.PENDING_REVIEW,
        index=True)
    #: edits of a listed product's name, description, category or photos, waiting for staff
    pending_changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON(none_as_null=True))
    review_note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    group: Mapped[SelfHelpGroup] = relationship()
    category: Mapped[ProductCategory] = relationship()
    #: None on a product loaded whole, so a card of one (the product page's others) shows no
    #: photo; the rows of queries.as_cards carry the first photo's key under this name
    cover_key: Mapped[str | None] = query_expression()
    photos: Mapped[list[ProductPhoto]] = relationship(order_by="ProductPhoto.position",
                                                      cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint("price_paise > 0 AND price_paise <= 10000000", name="price_range"),
        sa.CheckConstraint("stock >= 0", name="stock_not_negative"),
        sa.CheckConstraint("units_sold >= 0", name="units_sold_not_negative"),
        sa.CheckConstraint("name_en <> '' OR name_hi <> ''", name="has_a_name"),
        # The catalogue's sorts within a sub-division's listed products (in stock first), for
        # seek pagination (core.pagination): no sort of every approved product on each request.
        # On PostgreSQL, indexes on the stock flag (below the class); SQLite (one machine,
        # small lists) keeps plain ones, since its reflection cannot read expression indexes.
        sa.Index("ix_products_newest", "sub_division_id", "status", "created_at",
                 "id").ddl_if(dialect="sqlite"),
        sa.Index("ix_products_by_price", "sub_division_id", "status", "price_paise",
                 "id").ddl_if(dialect="sqlite"),
        sa.Index("ix_products_most_bought", "sub_division_id", "status", "units_sold",
                 "id").ddl_if(dialect="sqlite"),
        sa.Index("ix_products_search_text_trgm", "search_text", postgresql_using="gin",
                 postgresql_ops={"search_text": "gin_trgm_ops"},
                 postgresql_with=GIN_NO_PENDING_LIST).ddl_if(dialect="postgresql"),
    )

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    # The group's names under a card row's names (queries.as_cards), for a card of a product
    # loaded whole (the product page's others).
    @property
    def group_name_en(self) -> str:
        return self.group.name_en

    @property
    def group_name_hi(self) -> str:
        return self.group.name_hi

    @property
    def is_listed(self) -> bool:
        """In the catalogue (approved by staff); otherwise only its group and staff see it."""
        return self.status is ProductStatus.APPROVED


def stock_flag(*, sold_out: bool = False) -> sa.ColumnElement[bool]:
    """The catalogue's "in stock" (or "sold out") flag that leads its sort keys and indexes.
    Its 0 is written into the SQL, not sent as a parameter: PostgreSQL matches an expression
    index only to the same expression, so with a parameter a prepared list statement's
    generic plan would sort every product, and every page would be planned afresh."""
    zero = sa.literal_column("0")
    return Product.stock <= zero if sold_out else Product.stock > zero


# The sort keys of queries.search_products, each led by its stock flag: "in stock" for the
# descending orders (newest, most bought, dearest), "sold out" for cheapest first.
for _name, _flag, _key in (("newest", stock_flag(), Product.created_at),
                           ("most_bought", stock_flag(), Product.units_sold),
                           ("by_price_desc", stock_flag(), Product.price_paise),
                           ("by_price", stock_flag(sold_out=True), Product.price_paise)):
    sa.Index(f"ix_products_in_stock_{_name}", Product.sub_division_id, Product.status, _flag,
             _key, Product.id).ddl_if(dialect="postgresql")


class ProductPhoto(Keyed, db.Model):
    __tablename__ = "product_photos"

    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    image_id: Mapped[int] = mapped_column(sa.ForeignKey("stored_images.id"))
    position: Mapped[int] = mapped_column(default=0)

    image: Mapped[StoredImage] = relationship()

    __table_args__ = (sa.UniqueConstraint("product_id", "position"),)
