"""What waits for the SDM office in the demo: new products, and targets for the review."""

from __future__ import annotations

import random

import sqlalchemy as sa

from marketplace.catalogue.models import (
    Product,
    ProductCategory,
    ProductStatus,
    ProductUnit,
)
from marketplace.catalogue.services import ProductInput, add_product
from marketplace.demo.pictures import product_photo
from marketplace.demo.recipe import Recipe
from marketplace.extensions import db
from marketplace.media.services import store_image
from marketplace.places.models import Block, SubDivision
from marketplace.reports.models import RegistrationTarget
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import WorkerCategory

#: kinds of work the demo's blocks have registration targets for
DEMO_TARGET_CATEGORIES = ("mason", "plumber", "electrician", "carpenter", "labourer")


def seed_targets(sub_division: SubDivision) -> int:
    """A target for each block and a few kinds of work (only if there are none)."""
    blocks = db.session.scalars(sa.select(Block).where(
        Block.sub_division_id == sub_division.id).order_by(Block.id)).all()
    if not blocks or db.session.scalar(sa.select(sa.func.count(RegistrationTarget.id)).where(
            RegistrationTarget.block_id.in_([b.id for b in blocks]))):
        return 0
    rng = random.Random(3)  # noqa: S311 - demo data
    categories = db.session.scalars(sa.select(WorkerCategory).where(
        WorkerCategory.slug.in_(DEMO_TARGET_CATEGORIES))).all()
    for block in blocks:
        for category in categories:
            db.session.add(RegistrationTarget(block_id=block.id, category_id=category.id,
                                              target=rng.choice([5, 8, 10, 15])))
    db.session.flush()
    return len(blocks) * len(categories)


def seed_waiting_products(sub_division: SubDivision, recipe: Recipe) -> int:
    """The recipe's new listings, waiting for approval (only if none is waiting)."""
    if db.session.scalar(sa.select(sa.func.count(Product.id)).where(
            Product.sub_division_id == sub_division.id,
            Product.status == ProductStatus.PENDING_REVIEW)):
        return 0
    groups = db.session.scalars(sa.select(SelfHelpGroup).where(
        SelfHelpGroup.sub_division_id == sub_division.id).order_by(SelfHelpGroup.id)).all()
    categories = {c.slug: c.id for c in db.session.scalars(sa.select(ProductCategory))}
    for index, (name_en, name_hi, slug, rupees, unit) in enumerate(recipe.waiting_products):
        group = groups[index % len(groups)]
        leader = next(m.user for m in group.members if m.is_leader)
        add_product(group, ProductInput(category_id=categories[slug], unit=ProductUnit(unit),
                                        price_paise=rupees * 100, stock=10, name_en=name_en,
                                        name_hi=name_hi, is_organic=True,
                                        photo_ids=[store_image(product_photo(name_en),
                                                               uploaded_by_id=leader.id).id]),
                    actor=leader)
    return len(recipe.waiting_products)
