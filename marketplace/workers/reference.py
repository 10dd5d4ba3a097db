"""The kinds of work as public pages use them: kept per process until staff change them
(core/freshness.py), so that a list page reads none of it from the database."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core import freshness
from marketplace.core.i18n import localized
from marketplace.workers.models import WorkerCategory
from marketplace.workers.queries import category_term_index


def categories() -> tuple[sa.Row, ...]:
    """id, slug, name_en, name_hi of every kind of work, in the staff's order."""
    return freshness.rows("worker-categories", lambda: sa.select(
        WorkerCategory.id, WorkerCategory.slug, WorkerCategory.name_en, WorkerCategory.name_hi)
        .order_by(WorkerCategory.sort_order))


def category_names(locale: str) -> dict[int, str]:
    """Each kind of work's id → its name in `locale`, kept with the categories."""
    return freshness.remembered(("worker-category-names", locale), lambda: {
        row.id: localized(row, "name", locale) for row in categories()})


def term_index() -> dict[str, int]:
    """queries.category_term_index, kept until a category or a synonym changes."""
    return freshness.remembered("worker-term-index", category_term_index)
