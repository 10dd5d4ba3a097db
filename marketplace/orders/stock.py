"""Taking and giving back stock with conditional UPDATEs: the database decides, not Python.

Rows are always locked in product-id order, so two multi-item checkouts cannot deadlock,
and `stock >= quantity` in the WHERE (plus the CHECK on the column) means no unit is sold
twice, on PostgreSQL and on SQLite alike (where FOR UPDATE does nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.catalogue.models import Product, ProductStatus, ProductUnit
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.orders.errors import OrderError


@dataclass(frozen=True)
class TakenStock:
    """What the locked product row said when its stock was taken: the price sold at."""

    product_id: int
    quantity: int
    group_id: int
    name_en: str
    name_hi: str
    unit: ProductUnit
    price_paise: int


def take_stock(wanted: dict[int, int], sub_division_id: int) -> list[TakenStock]:
    """Take `wanted` {product id: quantity} or raise Conflict('not_enough_stock', id).

    One statement for the whole cart: the products are locked in id order first (a CTE, so
    that two multi-item checkouts cannot deadlock), then every row that still has enough is
    lowered; a product missing from what comes back was short (the caller rolls back the
    others)."""
    quantity = sa.case(wanted, value=Product.id)
    ordered = (sa.select(Product.id).where(Product.id.in_(wanted)).order_by(Product.id)
               .with_for_update().cte("locked"))
    rows = db.session.execute(
        sa.update(Product)
        .where(Product.id == ordered.c.id, Product.stock >= quantity,
               Product.status == ProductStatus.APPROVED, Product.can_deliver,
               Product.sub_division_id == sub_division_id)
        .values(stock=Product.stock - quantity, units_sold=Product.units_sold + quantity)
        .returning(Product.id, Product.group_id, Product.name_en, Product.name_hi,
                   Product.unit, Product.price_paise)
        .execution_options(synchronize_session=False)).all()
    if len(rows) != len(wanted):
        raise Conflict(OrderError.NOT_ENOUGH_STOCK,
                       str(min(set(wanted) - {row.id for row in rows})))
    _forget_loaded_counts(set(wanted))
    return [TakenStock(row.id, wanted[row.id], row.group_id, row.name_en, row.name_hi,
                       ProductUnit(row.unit), row.price_paise)
            for row in sorted(rows, key=lambda row: row.id)]


def give_back_stock(returned: dict[int, int]) -> None:
    """Put units back (a cancelled order); the caller makes sure this happens once."""
    for product_id in sorted(returned):
        quantity = returned[product_id]
        db.session.execute(
            sa.update(Product).where(Product.id == product_id)
            .values(stock=Product.stock + quantity, units_sold=Product.units_sold - quantity)
            .execution_options(synchronize_session=False))
    _forget_loaded_counts(set(returned))


def _forget_loaded_counts(product_ids: set[int]) -> None:
    """Products already loaded in this session read their new counts on next access."""
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Product) and obj.id in product_ids:
            db.session.expire(obj, ["stock", "units_sold"])
