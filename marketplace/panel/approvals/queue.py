"""What waits for staff, across the domains, and the one domain service for each decision.

"Waiting" is each domain's own definition (their list_approval_rows); the decisions are their
services, which check the actor, audit and notify.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from marketplace.accounts.models import User
from marketplace.bookings import services as bookings_services
from marketplace.bookings.labels import booking_error_message
from marketplace.bookings.queries import list_approval_rows as list_review_rows
from marketplace.catalogue import queries as catalogue_queries
from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.labels import product_error_message
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.shg import queries as shg_queries
from marketplace.shg import services as shg_services
from marketplace.shg.labels import shg_error_message
from marketplace.shg.models import SelfHelpGroup, SHGStatus
from marketplace.workers import queries as workers_queries
from marketplace.workers import services as workers_services
from marketplace.workers.labels import worker_error_message
from marketplace.workers.models import WorkerProfile, WorkerStatus

KINDS = ("worker", "shg", "product", "review")
#: the buttons of each kind's page: reviews are hidden or kept, the rest approved or rejected
DECISIONS = {"worker": ("approve", "reject"), "shg": ("approve", "reject"),
             "product": ("approve", "reject"), "review": ("hide", "clear")}
BULK_KINDS = ("worker", "shg", "product")
BULK_MODELS = {"worker": WorkerProfile, "shg": SelfHelpGroup, "product": Product}
ERROR_MESSAGES = {"worker": worker_error_message, "shg": shg_error_message,
                  "product": product_error_message, "review": booking_error_message}


def waiting_rows(scope: int | None) -> sa.Subquery:
    """Everything waiting for staff (None: every sub-division), one row each: kind, id,
    since, village_id, title_en, title_hi, change."""
    return sa.union_all(
        workers_queries.list_approval_rows(scope), shg_queries.list_approval_rows(scope),
        catalogue_queries.list_approval_rows(scope), list_review_rows(scope),
    ).subquery("waiting")


def count_waiting(scope: int | None) -> dict[str, int]:
    """How many items of each kind wait (one query)."""
    rows = waiting_rows(scope)
    counts = dict.fromkeys(KINDS, 0)
    counts.update(db.session.execute(
        sa.select(rows.c.kind, sa.func.count()).group_by(rows.c.kind)).all())
    return counts


def queue_page(scope: int | None, *, number: int, size: int, kind: str | None = None,
               block_id: int | None = None, newest: bool = False) -> Page:
    """One page of the queue, oldest first unless `newest`, with the village names: one
    query whatever the size of the queue (no COUNT; one row more tells of a next page)."""
    rows = waiting_rows(scope)
    query = (sa.select(rows, Village.name_en.label("village_en"),
                       Village.name_hi.label("village_hi"))
             .join(Village, Village.id == rows.c.village_id))
    if kind is not None:
        query = query.where(rows.c.kind == kind)
    if block_id is not None:
        query = query.where(Village.block_id == block_id)
    since = rows.c.since.desc() if newest else rows.c.since.asc()
    query = query.order_by(since, rows.c.kind, rows.c.id)
    found = db.session.execute(query.limit(size + 1).offset((number - 1) * size)).all()
    return Page(items=found[:size], number=number, size=size, has_next=len(found) > size)


def get_item(kind: str, item_id: int) -> Any:
    loaders = {"worker": workers_queries.get_worker, "shg": shg_queries.get_group,
               "product": catalogue_queries.get_product, "review": workers_queries.get_review}
    return loaders[kind](item_id)


def sub_division_of(kind: str, item: Any) -> int:
    return item.booking.sub_division_id if kind == "review" else item.sub_division_id


def is_waiting(kind: str, item: Any) -> bool:
    if kind == "worker":
        return item.status is WorkerStatus.PENDING_REVIEW or (
            item.status is WorkerStatus.APPROVED and bool(item.pending_changes))
    if kind == "shg":
        return item.status is SHGStatus.PENDING_REVIEW
    if kind == "product":
        return item.status is ProductStatus.PENDING_REVIEW or (
            item.status is ProductStatus.APPROVED and bool(item.pending_changes))
    return item.flagged_at is not None and not item.is_hidden


def list_selected(selection: list[tuple[str, int]],
                  scope: int | None) -> list[tuple[str, Any]] | None:
    """The selected (kind, id) items of the scope, ordered by kind then id (the order their
    locks are taken in, so two bulk approvals cannot deadlock); None if any is missing."""
    items: list[tuple[str, Any]] = []
    for kind, model in BULK_MODELS.items():
        ids = sorted({item_id for k, item_id in selection if k == kind})
        if not ids:
            continue
        query = sa.select(model).where(model.id.in_(ids)).order_by(model.id)
        if scope is not None:
            query = query.where(model.sub_division_id == scope)
        found = db.session.scalars(query).all()
        if len(found) != len(ids):
            return None
        items.extend((kind, item) for item in found)
    return items


def lock(item: Any) -> None:
    """Hold the item's row until commit and read it afresh (PostgreSQL), so that when two
    people decide at once the second sees the first's decision and is refused."""
    model = type(item)
    db.session.execute(sa.select(model.id).where(model.id == item.id).with_for_update())
    db.session.refresh(item)


def decide(kind: str, item: Any, decision: str, *, actor: User, reason: str | None) -> None:
    """Call the one domain service for this decision. Raises what the service raises."""
    approve = decision == "approve"
    if kind == "worker":
        if approve:
            workers_services.approve_worker(item, actor=actor, reason=reason or None)
        else:
            workers_services.reject_worker(item, actor=actor, reason=reason or "")
    elif kind == "shg":
        shg_services.decide_group(item, approve=approve, actor=actor, reason=reason)
    elif kind == "product":
        catalogue_services.decide_product(item, approve=approve, actor=actor, reason=reason)
    elif decision == "hide":
        bookings_services.hide_review(item, actor=actor, reason=reason or "")
    else:
        bookings_services.clear_review_flag(item, actor=actor, reason=reason or "")


def title_of(kind: str, item: Any) -> str:
    if kind == "worker":
        return item.display_name
    if kind == "review":
        return _("review #%(id)d", id=item.id)
    return item.name_hi or item.name_en
