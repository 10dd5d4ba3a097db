"""Page through a Select with a bounded page size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from marketplace.core.text import whole_number
from marketplace.extensions import db


@dataclass
class Page:
    items: list[Any]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def parse_page_number(raw: str | None) -> int:
    """A page number from the query string; anything odd means page 1."""
    number = whole_number(raw, most_digits=5)
    if number is not None:
        return max(number, 1)
    return 1


def paginate(query: sa.Select, *, number: int, size: int = 50) -> Page:
    """One query: fetch size + 1 rows to know whether a next page exists (no COUNT)."""
    rows = db.session.scalars(query.limit(size + 1).offset((number - 1) * size)).all()
    return Page(items=list(rows[:size]), number=number, size=size, has_next=len(rows) > size)
