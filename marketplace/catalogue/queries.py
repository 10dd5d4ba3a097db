"""Reads of the catalogue: browse with facets in a fixed number of queries."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import (
    joinedload,
    selectinload,
)

from marketplace.catalogue.models import (
    Product,
    ProductCategory,
    ProductPhoto,
    ProductStatus,
    stock_flag,
)
from marketplace.core import freshness
from marketplace.core.hooks import Hook
from marketplace.core.i18n import name_order
from marketplace.core.pagination import SortedQuery
from marketplace.core.text import search_key
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.shg.models import SelfHelpGroup

SORTS = ("newest", "popular", "price", "price_desc")
#: the kinds the home page offers as fresh produce (categories.PRODUCT_CATEGORIES slugs)
PRODUCE = ("vegetables", "fruits")

#: a higher layer adds figures to a group's own products page (payouts: what the group is
#: owed, `balance_paise`), which catalogue may not import
group_figures: Hook[[SelfHelpGroup], dict[str, object]] = Hook("catalogue.group_figures")


@dataclass(frozen=True)
class ProductFilters:
    sub_division_id: int
    category_id: int | None = None
    group_id: int | None = None
    village_id: int | None = None
    organic_only: bool = False
    in_stock_only: bool = False
    min_paise: int | None = None
    max_paise: int | None = None
    text: str = ""
    sort: str = "newest"


def list_product_categories() -> sa.Select:
    return sa.select(ProductCategory).order_by(ProductCategory.sort_order)


def _with_card_parts(query: sa.Select) -> sa.Select:
    return query.options(joinedload(Product.group), joinedload(Product.category),
                         selectinload(Product.photos).joinedload(ProductPhoto.image))


def _first_photo_key() -> sa.ScalarSelect:
    return (sa.select(StoredImage.key).join(ProductPhoto, ProductPhoto.image_id == StoredImage.id)
            .where(ProductPhoto.product_id == Product.id).order_by(ProductPhoto.position)
            .limit(1).scalar_subquery())


@functools.cache
def _card_columns() -> tuple:
    """Built once per process (building them costs more than running them)."""
    return (Product.id, Product.group_id, Product.name_en, Product.name_hi, Product.price_paise,
            Product.unit, Product.is_organic, Product.stock, Product.status, Product.can_deliver,
            SelfHelpGroup.name_en.label("group_name_en"),
            SelfHelpGroup.name_hi.label("group_name_hi"),
            _first_photo_key().label("cover_key"))


def as_cards(query: sa.Select) -> sa.Select:
    """`query` (a SELECT of products) as the rows a product card shows, in the one SELECT:
    the card's columns, the group's names (group_name_en/_hi) and the first photo's key
    (cover_key). Rows, not ORM objects: loading those cost a list page more Python than
    its SQL."""
    return (query.with_only_columns(*_card_columns())
            .join_from(Product, SelfHelpGroup, SelfHelpGroup.id == Product.group_id,
                       isouter=True))


def search_products(filters: ProductFilters) -> SortedQuery:
    """`_search_products`, built once per process for the same filters while the data
    version holds (core/freshness.py): building the statement costs more than running it."""
    return freshness.remembered(("product search", filters),
                                lambda: _search_products(filters))


def _search_products(filters: ProductFilters) -> SortedQuery:
    """Approved products of the sub-division, those in stock first; out-of-stock ones follow
    (shown as such). Each order is an index's (ix_products_in_stock_*); page it with
    core.pagination.seek."""
    query = sa.select(Product).where(
        Product.sub_division_id == filters.sub_division_id,
        Product.status == ProductStatus.APPROVED)
    if filters.category_id:
        query = query.where(Product.category_id == filters.category_id)
    if filters.group_id:
        query = query.where(Product.group_id == filters.group_id)
    if filters.village_id:
        query = query.where(Product.group_id.in_(sa.select(SelfHelpGroup.id).where(
            SelfHelpGroup.village_id == filters.village_id)))
    if filters.organic_only:
        query = query.where(Product.is_organic.is_(True))
    if filters.in_stock_only:
        query = query.where(Product.stock > 0)
    if filters.min_paise:
        query = query.where(Product.price_paise >= filters.min_paise)
    if filters.max_paise:
        query = query.where(Product.price_paise <= filters.max_paise)
    for word in search_key(filters.text).split()[:6]:
        query = query.where(sa.or_(Product.search_text.like(f"{word}%"),
                                   Product.search_text.like(f"% {word}%")))
    query = as_cards(query)
    # In-stock products come first in every order: the flag leads the key, in the order's own
    # direction (so one row comparison pages it): "in stock" for the descending orders, "sold
    # out" for the ascending one. Each key is a PostgreSQL expression index's (models.Product).
    in_stock, sold_out = stock_flag(), stock_flag(sold_out=True)
    if filters.sort == "price":
        return SortedQuery(query, [sold_out, Product.price_paise, Product.id])
    if filters.sort == "price_desc":
        return SortedQuery(query, [in_stock, Product.price_paise, Product.id], descending=True)
    if filters.sort == "popular":
        return SortedQuery(query, [in_stock, Product.units_sold, Product.id], descending=True)
    return SortedQuery(query, [in_stock, Product.created_at, Product.id], descending=True)


def list_fresh_produce(sub_division_id: int, *, limit: int) -> sa.Select:
    """The home page's "fresh today": in-stock vegetables and fruits of the sub-division that
    the cart takes (approved, delivered), newest first, loaded as cards (one query; served by
    ix_products_in_stock_newest)."""
    produce = sa.select(ProductCategory.id).where(ProductCategory.slug.in_(PRODUCE))
    return as_cards(sa.select(Product).where(
        Product.sub_division_id == sub_division_id, Product.status == ProductStatus.APPROVED,
        Product.stock > 0, Product.can_deliver.is_(True), Product.category_id.in_(produce))
        .order_by(stock_flag().desc(), Product.created_at.desc(), Product.id.desc())
        .limit(limit))


def get_product(product_id: int) -> Product | None:
    return db.session.scalar(_with_card_parts(sa.select(Product).where(
        Product.id == product_id)))


def list_group_products(group_id: int, *, approved_only: bool, locale: str,
                        cards: bool = False) -> sa.Select:
    """A group's products by the names a reader of `locale` sees; `approved_only` (what buyers
    see): those in stock first, as in the catalogue. `cards`: loaded only for cards
    (as_cards)."""
    query = sa.select(Product).where(Product.group_id == group_id)
    if approved_only:
        query = query.where(Product.status == ProductStatus.APPROVED).order_by(
            stock_flag().desc())
    query = query.order_by(name_order(Product, locale), Product.id)
    return as_cards(query) if cards else _with_card_parts(query)


def _waiting_for_staff():
    return sa.or_(
        Product.status == ProductStatus.PENDING_REVIEW,
        sa.and_(Product.status == ProductStatus.APPROVED, Product.pending_changes.is_not(None)))


def list_approval_rows(sub_division_id: int | None) -> sa.Select:
    """The panel's approval queue rows of new products and waiting edits (None: every
    sub-division): kind, id, since, village_id (the group's), title_en, title_hi, change."""
    query = sa.select(
        sa.literal("product").label("kind"), Product.id.label("id"),
        Product.updated_at.label("since"), SelfHelpGroup.village_id.label("village_id"),
        Product.name_en.label("title_en"), Product.name_hi.label("title_hi"),
        sa.case((Product.pending_changes.is_not(None), "edit"), else_="new").label("change"),
    ).join(SelfHelpGroup, Product.group_id == SelfHelpGroup.id).where(_waiting_for_staff())
    if sub_division_id is not None:
        query = query.where(Product.sub_division_id == sub_division_id)
    return query


def get_group_figures(group: SelfHelpGroup) -> dict[str, object]:
    """Every figure the providers give for the group, computed now, before the page renders
    (each provider says what it costs: payouts four queries)."""
    figures: dict[str, object] = {}
    for answer in group_figures.answers(group):
        figures.update(answer)
    return figures
