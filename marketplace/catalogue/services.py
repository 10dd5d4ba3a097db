"""Products: add, edit (material edits wait for staff), restock, approve or reject.

Services flush, never commit; they take the actor and raise DomainErrors; groups hear about
decisions through the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from marketplace.accounts.access import require_staff_for
from marketplace.accounts.models import User
from marketplace.catalogue.categories import add_missing_product_categories
from marketplace.catalogue.errors import CatalogueError
from marketplace.catalogue.models import (
    Product,
    ProductCategory,
    ProductPhoto,
    ProductStatus,
    ProductUnit,
)
from marketplace.catalogue.workflow import transition
from marketplace.core.audit import record_event
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.text import is_clean_text, search_key
from marketplace.core.workflow import decide_waiting_edits
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.shg.models import SelfHelpGroup, SHGStatus
from marketplace.shg.services import membership_of

MAX_PRICE_PAISE = 10_000_000
MAX_STOCK = 100_000
MAX_PHOTOS = 5
MATERIAL = ("name_en", "name_hi", "description", "category_id", "photo_ids")


@dataclass
class ProductInput:
    category_id: int
    unit: ProductUnit
    price_paise: int
    stock: int
    name_en: str = ""
    name_hi: str = ""
    description: str = ""
    is_organic: bool = False
    season: str = ""
    can_deliver: bool = True
    can_pick_up: bool = False
    photo_ids: list[int] = field(default_factory=list)


def is_on_sale(product: Product) -> bool:
    """Listed and deliverable: what a cart, a checkout or a phone order may take (pick-up-only
    goods are arranged with the group directly). A product, or a row with its `status` and
    `can_deliver`."""
    return product.status is ProductStatus.APPROVED and product.can_deliver


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _check(data: ProductInput) -> None:
    name_en, name_hi = _one_line(data.name_en), _one_line(data.name_hi)
    if not (name_en or name_hi) or len(name_en) > 100 or len(name_hi) > 100:
        raise InvalidInput(CatalogueError.PRODUCT_NAME)
    if len(data.description or "") > 1000:
        raise InvalidInput(CatalogueError.DESCRIPTION)
    if not 0 < data.price_paise <= MAX_PRICE_PAISE:
        raise InvalidInput(CatalogueError.PRICE_RANGE)
    if not 0 <= data.stock <= MAX_STOCK:
        raise InvalidInput(CatalogueError.STOCK_RANGE)
    if len(data.photo_ids) > MAX_PHOTOS:
        raise InvalidInput(CatalogueError.TOO_MANY_PHOTOS)
    if db.session.get(ProductCategory, data.category_id) is None:
        raise InvalidInput(CatalogueError.CATEGORY)


def _member_group(actor: User, group: SelfHelpGroup) -> None:
    member = membership_of(actor)
    if member is None or member.group_id != group.id:
        raise Forbidden(CatalogueError.NOT_MEMBER)
    if group.status is not SHGStatus.APPROVED:
        raise Conflict(CatalogueError.GROUP_NOT_APPROVED)


def _apply_material(product: Product, values: dict) -> None:
    for name in ("name_en", "name_hi"):
        if name in values:
            setattr(product, name, _one_line(values[name]))
    if "description" in values:
        product.description = (values["description"] or "").strip()
    if "category_id" in values:
        product.category_id = values["category_id"]
    if "photo_ids" in values:
        product.photos = [ProductPhoto(image_id=image_id, position=position)
                          for position, image_id in enumerate(values["photo_ids"])]
    product.search_text = search_key(" ".join(
        [product.name_en, product.name_hi, product.description]))[:2500]


def _material(data: ProductInput) -> dict:
    return {"name_en": _one_line(data.name_en), "name_hi": _one_line(data.name_hi),
            "description": (data.description or "").strip(), "category_id": data.category_id,
            "photo_ids": list(data.photo_ids)}


def add_product(group: SelfHelpGroup, data: ProductInput, *, actor: User) -> Product:
    """A member adds a product for her group; it waits for staff approval."""
    _member_group(actor, group)
    _check(data)
    product = Product(group_id=group.id, sub_division_id=group.sub_division_id,
                      unit=data.unit, price_paise=data.price_paise, stock=data.stock,
                      category_id=data.category_id, is_organic=data.is_organic,
                      season=_one_line(data.season)[:100], can_deliver=data.can_deliver,
                      can_pick_up=data.can_pick_up, created_by_id=actor.id)
    db.session.add(product)
    _apply_material(product, _material(data))
    db.session.flush()
    record_event("product.added", actor_id=actor.id, subject_type="product",
                 subject_id=product.id, sub_division_id=group.sub_division_id)
    return product


def update_product(product: Product, data: ProductInput, *, actor: User) -> bool:
    """Price, stock and the small things change at once (and are recorded); name,
    description, category and photos of a listed product wait for staff.
    Returns True when something waits."""
    _member_group(actor, product.group)
    _check(data)
    set_price_and_stock(product, price_paise=data.price_paise, stock=data.stock, actor=actor)
    product.unit, product.is_organic = data.unit, data.is_organic
    product.season = _one_line(data.season)[:100]
    product.can_deliver, product.can_pick_up = data.can_deliver, data.can_pick_up
    wanted = _material(data)
    current = {"name_en": product.name_en, "name_hi": product.name_hi,
               "description": product.description, "category_id": product.category_id,
               "photo_ids": [p.image_id for p in product.photos]}
    changes = {key: value for key, value in wanted.items() if value != current[key]}
    if product.status is ProductStatus.APPROVED:
        product.pending_changes = changes or None
    else:
        _apply_material(product, changes)
        if product.status is ProductStatus.REJECTED and changes:
            transition(product, ProductStatus.PENDING_REVIEW, actor=actor)
    db.session.flush()
    return bool(product.pending_changes)


def set_price_and_stock(product: Product, *, price_paise: int, stock: int,
                        actor: User) -> None:
    """The quick restock from the list; live at once, recorded in the audit log."""
    _member_group(actor, product.group)
    if not 0 < price_paise <= MAX_PRICE_PAISE:
        raise InvalidInput(CatalogueError.PRICE_RANGE)
    if not 0 <= stock <= MAX_STOCK:
        raise InvalidInput(CatalogueError.STOCK_RANGE)
    before = {"price_paise": product.price_paise, "stock": product.stock}
    if before == {"price_paise": price_paise, "stock": stock}:
        return
    # The new stock is written as an absolute number: a restock is what the member counted.
    product.price_paise, product.stock = price_paise, stock
    record_event("product.price_stock", actor_id=actor.id, subject_type="product",
                 subject_id=product.id, sub_division_id=product.sub_division_id,
                 data={"before": before, "after": {"price_paise": price_paise,
                                                   "stock": stock}})


def _tell_group(product: Product, kind: str, **params) -> None:
    for member in product.group.members:
        if member.is_leader:
            queue_message(member.user.phone, kind, language=member.user.preferred_language,
                          sub_division_id=product.sub_division_id,
                          product=product.name_hi or product.name_en, **params)


def decide_product(product: Product, *, approve: bool, actor: User,
                   reason: str | None = None) -> None:
    """Staff approve or reject a new product, or the waiting edits of a listed one."""
    require_staff_for(actor, product.sub_division_id)
    reason = _one_line(reason)[:500]
    if not approve and not reason:
        raise InvalidInput(CatalogueError.REASON_REQUIRED)
    if product.status is ProductStatus.APPROVED:
        decide_waiting_edits(product, approve=approve, actor_id=actor.id, reason=reason or None,
                             apply=_apply_material,
                             nothing_waiting=CatalogueError.NOTHING_TO_REVIEW)
    else:
        transition(product, ProductStatus.APPROVED if approve else ProductStatus.REJECTED,
                   actor=actor, reason=reason or None)
        product.review_note = None if approve else reason
    _tell_group(product, "product_approved" if approve else "product_rejected",
                **({} if approve else {"reason": reason}))


def seed_product_categories() -> None:
    """Add the product categories where missing (flushes). A migration loads them into every
    database; this is for tests and databases made without migrations."""
    db.session.flush()
    add_missing_product_categories(db.session.connection())


# Product categories, kept by site admins on the settings page (audited).

CATEGORY_NAME_LIMIT = 60


def _category_name(raw: str | None) -> str:
    name = _one_line(raw)
    if not name or len(name) > CATEGORY_NAME_LIMIT or not is_clean_text(name):
        raise InvalidInput(CatalogueError.CATEGORY_NAME)
    return name


def _refuse_twin_category(name_en: str, but: int | None = None) -> None:
    twin = db.session.scalar(sa.select(ProductCategory.id).where(
        sa.func.lower(ProductCategory.name_en) == name_en.lower(), ProductCategory.id != but))
    if twin is not None:
        raise Conflict(CatalogueError.CATEGORY_EXISTS)


def _free_slug(name_en: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")[:32] or "category"
    taken = set(db.session.scalars(sa.select(ProductCategory.slug).where(
        ProductCategory.slug.startswith(base))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def add_product_category(*, name_en: str, name_hi: str, actor_id: int) -> ProductCategory:
    """A new category at the end of the list (flushes, audits). Raises
    InvalidInput('category_name') or Conflict('category_exists') (same English name)."""
    name_en, name_hi = _category_name(name_en), _category_name(name_hi)
    _refuse_twin_category(name_en)
    last = db.session.scalar(sa.select(sa.func.max(ProductCategory.sort_order)))
    category = ProductCategory(slug=_free_slug(name_en), name_en=name_en, name_hi=name_hi,
                               sort_order=(last if last is not None else -1) + 1)
    db.session.add(category)
    db.session.flush()
    record_event("category.added", actor_id=actor_id, subject_type="product_category",
                 subject_id=category.id, data={"name_en": name_en, "name_hi": name_hi})
    return category


def rename_product_category(category: ProductCategory, *, name_en: str, name_hi: str,
                            actor_id: int) -> None:
    """New names; the slug (in links) stays. Raises as add_product_category."""
    name_en, name_hi = _category_name(name_en), _category_name(name_hi)
    _refuse_twin_category(name_en, but=category.id)
    before = {"name_en": category.name_en, "name_hi": category.name_hi}
    category.name_en, category.name_hi = name_en, name_hi
    db.session.flush()
    record_event("category.renamed", actor_id=actor_id, subject_type="product_category",
                 subject_id=category.id,
                 data={"before": before, "after": {"name_en": name_en, "name_hi": name_hi}})


def move_product_category(category: ProductCategory, *, up: bool, actor_id: int) -> None:
    """Swap the category with its neighbour above or below; the list is numbered 0, 1, 2…
    afresh. Raises Conflict('category_at_end') when there is no neighbour that way."""
    ordered = list(db.session.scalars(sa.select(ProductCategory).order_by(
        ProductCategory.sort_order, ProductCategory.id)))
    index = next(i for i, c in enumerate(ordered) if c.id == category.id)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        raise Conflict(CatalogueError.CATEGORY_AT_END)
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, each in enumerate(ordered):
        each.sort_order = position
    db.session.flush()
    record_event("category.moved", actor_id=actor_id, subject_type="product_category",
                 subject_id=category.id, data={"to": other})
