"""What waits for staff, across the domains, and the one domain service for each decision.

"Waiting" is each domain's own definition (their list_approval_rows); the decisions are their
services, which check the actor, audit and notify. The kinds are listed in kinds.py.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.core.pagination import Page
from marketplace.extensions import db
from marketplace.panel.approvals.kinds import KINDS
from marketplace.places.models import Village

#: kinds that bulk approval may select
BULK_KINDS = tuple(name for name, kind in KINDS.items() if kind.model is not None)


def waiting_rows(scope: int | None) -> sa.Subquery:
    """Everything waiting for staff (None: every sub-division), one row each: kind, id,
    since, village_id, title_en, title_hi, change."""
    return sa.union_all(*(kind.rows(scope) for kind in KINDS.values())    ).subquery("waiting")


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
    return KINDS[kind].load(item_id)


def sub_division_of(kind: str, item: Any) -> int:
    return KINDS[kind].sub_division_of(item)


def is_waiting(kind: str, item: Any) -> bool:
    return KINDS[kind].is_waiting(item)


def list_selected(selection: list[tuple[str, int]],
                  scope: int | None) -> list[tuple[str, Any]] | None:
    """The selected (kind, id) items of the scope, ordered by kind then id (the order their
    locks are taken in, so two bulk approvals cannot deadlock); None if any is missing."""
    items: list[tuple[str, Any]] = []
    for kind in BULK_KINDS:
        model = KINDS[kind].model
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




def decide(kind: str, item: Any, decision: str, *, actor: User, reason: str | None) -> None:
    """Call the one domain service for this decision. Raises what the service raises."""
    KINDS[kind].decide(item, decision, actor, reason)


def title_of(kind: str, item: Any) -> str:
    return KINDS[kind].title(item)

