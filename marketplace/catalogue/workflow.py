"""The life of a product: its transition table and the only place that changes its status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.catalogue.errors import CatalogueError
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.workflow import Audit, change_status, register

S = ProductStatus
#: a rejected product goes back for review when its group edits it; edits of a listed one
#: wait in pending_changes and leave its status alone
TRANSITIONS: dict[ProductStatus, set[ProductStatus]] = {
    S.PENDING_REVIEW: {S.APPROVED, S.REJECTED},
    S.APPROVED: set(),
    S.REJECTED: {S.PENDING_REVIEW},
}
PRODUCTS = register(Product, TRANSITIONS, code=CatalogueError.PRODUCT_TRANSITION,
                    # decisions are audit events; a product an edit sends back is not
                    audit=Audit("product", "product", only=frozenset({S.APPROVED, S.REJECTED})))


def transition(product: Product, to: ProductStatus, *, actor: User,
               reason: str | None = None) -> None:
    """Move the product to `to` and audit a decision; Conflict('product_transition')."""
    change_status(product, to, actor_id=actor.id, reason=reason)
