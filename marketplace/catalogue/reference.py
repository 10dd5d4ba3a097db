"""The kinds of product as public pages use them: kept per process until staff change them
(core/freshness.py)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.catalogue.models import ProductCategory
from marketplace.core import freshness


def categories() -> tuple[sa.Row, ...]:
    """id, slug, name_en, name_hi of every kind of product, in the staff's order."""
    return freshness.rows("product-categories", lambda: sa.select(
        ProductCategory.id, ProductCategory.slug, ProductCategory.name_en,
        ProductCategory.name_hi).order_by(ProductCategory.sort_order))
