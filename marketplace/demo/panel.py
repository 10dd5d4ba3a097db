"""Registration targets per block for the demo's weekly review."""

from __future__ import annotations

import random

import sqlalchemy as sa

from marketplace.demo.nadaun import DEMO_TARGET_CATEGORIES
from marketplace.extensions import db
from marketplace.places.models import Block, SubDivision
from marketplace.reports.models import RegistrationTarget
from marketplace.workers.models import WorkerCategory


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
