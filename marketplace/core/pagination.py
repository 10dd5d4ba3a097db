"""Page through a Select: by offset for short lists, by key (seek) for the big public lists.

Seek pagination ("keyset"): a page starts after the sort values of the last row shown, so an
index in the sort's order finds page 50 as fast as page 1, and rows added meanwhile neither
repeat nor vanish between pages. The values travel in the URL (`after=`/`before=`, an opaque
token); the old `page=N` links still work, by offset, up to MAX_OFFSET_PAGE. There is no page
count (it would count every matching row): a page knows only whether another follows.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from marketplace.core.text import whole_number
from marketplace.extensions import db

#: the deepest page an old `page=N` link (no key) reaches, by offset; beyond it, 404
MAX_OFFSET_PAGE = 50
_MAX_TOKEN = 300


@dataclass
class Page:
    items: list[Any]
    number: int
    size: int
    has_next: bool
    #: seek tokens for the next and previous pages' links (None: link by page number only)
    next_after: str | None = None
    previous_before: str | None = None

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


@dataclass(frozen=True)
class SortedQuery:
    """A Select of named columns (light rows: what a list shows, not ORM objects) and its
    order: sort keys all ascending or all descending, the last one unique (the id, which
    breaks ties), so that a row's key values say where it stands."""

    query: sa.Select
    keys: Sequence[Any]
    descending: bool = False
    #: bound the first key on its own as well, so that a planner applies it before any join
    #: (a walk of villages nearest first starts at the last page's village, not the first).
    #: Not for an index's own order: the row comparison walks it, and the extra bound makes
    #: PostgreSQL's one plan for every page (a prepared statement's) look dearer than it is,
    #: so each page would be planned afresh.
    bound_first_key: bool = False
    #: seek's statements for this listing, each made once (_statement)
    statements: dict = field(default_factory=dict, compare=False, repr=False)

    def ordered(self, *, reverse: bool = False) -> sa.Select:
        down = self.descending != reverse
        return self.query.order_by(*(key.desc() if down else key for key in self.keys))


@dataclass(frozen=True)
class Position:
    """Where a page starts: after or before a row's key values, or at an offset page."""

    number: int = 1
    after: tuple | None = None
    before: tuple | None = None


def without_paging(args: MultiDict) -> MultiDict:
    """A list page's query but where it stands (page, after, before): its filters."""
    filters = MultiDict(args)
    for paging in ("page", "after", "before"):
        filters.pop(paging, None)
    return filters


def position_from(args: Mapping[str, str]) -> Position:
    """Read page, after and before from the query string. A damaged token means the first
    page; a page number past MAX_OFFSET_PAGE without a token is not found (404)."""
    number = parse_page_number(args.get("page"))
    after, before = decode_key(args.get("after")), decode_key(args.get("before"))
    if after is not None:
        return Position(number=max(number, 2), after=after)
    if before is not None:
        return Position(number=max(number, 1), before=before)
    if args.get("after") or args.get("before"):
        return Position()
    if number > MAX_OFFSET_PAGE:
        raise NotFound()
    return Position(number=number)


def own_columns(merged: sa.Subquery) -> sa.Select:
    """The SELECT of a union's own columns, its keys (seek_<n>) left out."""
    return sa.select(*(column for column in merged.c if not column.name.startswith("seek_")))


@dataclass(frozen=True)
class SortedUnion:
    """One list made of several SortedQuerys whose rows never repeat (say, a sub-division's
    own workers and the neighbours' it also lists), their columns and keys alike. Each part
    is paged on its own, as if alone (so each walks its own index), and one outer ORDER BY
    merges the parts' pages: still one SELECT."""

    parts: Sequence[SortedQuery]
    #: the SELECT of the merged rows, given the union as a subquery: its columns but the
    #: keys, and anything they join (a photo's key)
    outer: Callable[[sa.Subquery], sa.Select] = own_columns
    statements: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def keys(self) -> Sequence[Any]:
        return self.parts[0].keys

    @property
    def descending(self) -> bool:
        return self.parts[0].descending

    def ordered(self, *, reverse: bool = False) -> sa.Select:
        """Every row, merged in order."""
        return _merged(self, None, self.descending != reverse, enough=None)


def _window(listing: SortedQuery, start: Sequence[sa.BindParameter] | None, down: bool
            ) -> sa.Select:
    """`listing` with its key values as columns seek_0…, from `start` on, in order."""
    query = listing.query.add_columns(*(key.label(f"seek_{n}")
                                        for n, key in enumerate(listing.keys)))
    if start is not None:
        here, there = sa.tuple_(*listing.keys), sa.tuple_(*start)
        query = query.where(here < there if down else here > there)
        if listing.bound_first_key:
            first, bound = listing.keys[0], start[0]
            query = query.where(first <= bound if down else first >= bound)
    return query.order_by(*(key.desc() if down else key for key in listing.keys))


def _merged(listing: SortedUnion, start: Sequence[sa.BindParameter] | None, down: bool, *,
            enough: sa.BindParameter | None) -> sa.Select:
    """The first `enough` rows of each part (a subquery each: SQLite takes no LIMIT inside a
    compound SELECT), merged in order."""
    windows = [sa.select(_window(part, start, down).limit(enough).subquery())
               for part in listing.parts]
    merged = sa.union_all(*windows).subquery("merged")
    keys = [merged.c[f"seek_{n}"] for n in range(len(listing.keys))]
    return (listing.outer(merged).add_columns(*keys)
            .order_by(*(key.desc() if down else key for key in keys)))


def _statement(listing: SortedQuery | SortedUnion, *, from_key: bool, down: bool,
               by_offset: bool, size: int) -> sa.Select:
    """The SELECT of a page of `listing`, its start (seek_start_<n>), offset (seek_offset)
    and the rows each part of a union reads (seek_enough) left as parameters: made once per
    listing and shape, so that a page neither builds it again nor works out its cache key
    (SQLAlchemy keeps that on the statement), which cost more Python than the rows."""
    shape = (from_key, down, by_offset, size)
    made = listing.statements.get(shape)
    if made is not None:
        return made
    start = [sa.bindparam(f"seek_start_{n}", type_=key.type)
             for n, key in enumerate(listing.keys)] if from_key else None
    if isinstance(listing, SortedUnion):
        query = _merged(listing, start, down, enough=sa.bindparam(
            "seek_enough", type_=sa.Integer, literal_execute=True))
    else:
        query = _window(listing, start, down)
    if by_offset:
        query = query.offset(sa.bindparam("seek_offset", type_=sa.Integer))
    made = listing.statements[shape] = query.limit(sa.literal(size + 1, literal_execute=True))
    return made


def seek(listing: SortedQuery | SortedUnion, position: Position, *, size: int) -> Page:
    """One query for a page of `listing` at `position` (size + 1 rows: is there more?).
    The page's items are the rows (the listing's columns, then the keys as seek_<n>)."""
    width = len(listing.keys)
    start = position.after or position.before
    if start is not None and not _fits(start, listing.keys):
        position, start = Position(), None
    backwards = position.before is not None and start is not None
    down = listing.descending != backwards
    offset = (position.number - 1) * size if start is None else 0
    parameters: dict[str, Any] = {f"seek_start_{n}": value
                                  for n, value in enumerate(start or ())}
    if offset:
        parameters["seek_offset"] = offset
    if isinstance(listing, SortedUnion):
        parameters["seek_enough"] = offset + size + 1
    query = _statement(listing, from_key=start is not None, down=down, by_offset=bool(offset),
                       size=size)
    # On the session's connection, past the ORM's execution (which autoflushes and wraps the
    # result for entities): the rows are plain columns, and that wrapping cost a list page
    # ~130 Python calls of its ~6,000. The list pages write nothing their list reads.
    rows = db.session.connection().execute(query, parameters).all()
    more, rows = len(rows) > size, rows[:size]
    number, has_next = position.number, more
    if backwards:
        rows.reverse()
        has_next = True
        number = position.number if more else 1
    if not rows:
        return Page(items=[], number=number, size=size, has_next=False)
    return Page(items=rows, number=number, size=size, has_next=has_next,
                next_after=encode_key(tuple(rows[-1][-width:])),
                previous_before=encode_key(tuple(rows[0][-width:])) if number > 2 else None)


def _fits(values: tuple, keys: Sequence[Any]) -> bool:
    """A token made by this listing: one value per key, a flag exactly where a key is one
    (a forged [true, 1, 1] on the rating order would otherwise read as a rating of 1)."""
    if len(values) != len(keys):
        return False
    return all(isinstance(value, bool) == _is_flag(key)
               for value, key in zip(values, keys, strict=True))


def _is_flag(key: Any) -> bool:
    return isinstance(getattr(key, "type", None), sa.Boolean)


def encode_key(values: tuple) -> str:
    plain = [{"t": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    text = json.dumps(plain, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_key(token: str | None) -> tuple | None:
    """The key values in a token, or None for no token or anything but a list of flags,
    numbers and aware datetimes."""
    if not token or len(token) > _MAX_TOKEN:
        return None
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(plain, list) or not plain:
        return None
    values = [_key_value(value) for value in plain]
    return None if any(value is None for value in values) else tuple(values)


def _key_value(value: Any) -> bool | int | float | datetime | None:
    if isinstance(value, bool):  # a flag that leads a key (in stock first)
        return value
    if isinstance(value, int | float):
        return value if abs(value) < 2**62 else None
    if isinstance(value, dict) and isinstance(value.get("t"), str) and len(value) == 1:
        try:
            moment = datetime.fromisoformat(value["t"])
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else None
    return None
