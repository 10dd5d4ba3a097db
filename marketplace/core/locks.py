"""Row locks, taken one way everywhere: SELECT … FOR UPDATE, several rows in id order.

On PostgreSQL a locked row is held until the transaction ends, so two people changing the
same thing at once go one after the other and the second sees what the first did. SQLite has
no row locks (FOR UPDATE is left out of the SQL) but lets one writer at a time, which gives
the same order. Stock is the exception: it is taken with conditional UPDATEs (orders/stock.py),
which need no lock. Counters many transactions share (a slot's places on a day, the order
numbers) are raised by `bump`, one statement that makes, locks and raises the row, so that a
checkout can take them last and hold them only for its final inserts and its commit. Where a
unique constraint decides who was first (one payment per booking, one review, one sign-up per
number), `inserted` adds the row in a savepoint and says whether it won.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from marketplace.extensions import db

Model = TypeVar("Model")


def inserted(row: object) -> bool:
    """Add `row` in a savepoint of its own: False, with nothing of it left, when a unique
    constraint refuses it because another request (or an earlier submission) was first."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except sa.exc.IntegrityError:
        return False
    return True


def lock_ids(model: type, ids: Iterable[int], *, key_share: bool = False) -> None:
    """Hold the rows of `model` with these ids, taken in id order so that two transactions
    locking several of the same rows cannot deadlock. `key_share`: a weaker lock that only
    keeps the row from being deleted or its key changed (FOR NO KEY UPDATE … KEY SHARE)."""
    for row_id in sorted(set(ids)):
        db.session.execute(sa.select(model.id).where(model.id == row_id)
                           .with_for_update(key_share=key_share))


def lock(item: Model, *, reload: bool = True) -> Model:
    """Hold the item's row; with `reload`, read it afresh so a change committed by someone
    else while we waited is seen. Returns the item."""
    lock_ids(type(item), [item.id])
    if reload:
        db.session.refresh(item)
    return item


def locked(model: type[Model], row_id: int, *, key_share: bool = False) -> Model | None:
    """The row of `model` with this id, locked and read afresh (None if there is none)."""
    return db.session.scalar(sa.select(model).where(model.id == row_id)
                             .with_for_update(key_share=key_share)
                             .execution_options(populate_existing=True))


def bump(model: type, key: dict[str, object], column: str, *,
         below: int | None = None) -> int | None:
    """Add one to `column` of the row of `model` with primary key `key`, making the row (at 1)
    if there is none, and return the new value: one INSERT … ON CONFLICT DO UPDATE …
    RETURNING, which holds the row until the transaction ends (PostgreSQL; SQLite has one
    writer at a time). With `below`, the value is only raised while under it: None when it
    has reached it (the row is left as it was)."""
    if below is not None and below < 1:
        return None
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    counter = getattr(model, column)  # in DO UPDATE, the row already there
    statement = insert(model).values(**key, **{column: 1}).on_conflict_do_update(
        index_elements=list(key), set_={column: counter + 1},
        where=None if below is None else counter < below).returning(counter)
    return db.session.execute(statement.execution_options(synchronize_session=False)
                              ).scalar_one_or_none()
