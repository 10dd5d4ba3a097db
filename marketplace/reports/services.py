"""Setting the registration targets that the weekly review measures blocks against."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.core.audit import record_event
from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.places.models import Block
from marketplace.reports.errors import ReportError
from marketplace.reports.models import RegistrationTarget
from marketplace.workers.models import WorkerCategory

MAX_TARGET = 100_000


def set_targets(sub_division_id: int, targets: dict[tuple[int, int], int | None], *,
                actor: User) -> int:
    """Set {(block id, category id): target} for blocks of one sub-division; None removes a
    target. Returns how many changed; flushes and records one audit event when any did.

    Raises InvalidInput: target_block (a block of another sub-division or none),
    target_category (no such kind of work), target_number (not 0..MAX_TARGET). Nothing is
    written when any entry is refused."""
    blocks = set(db.session.scalars(
        sa.select(Block.id).where(Block.sub_division_id == sub_division_id)))
    categories = set(db.session.scalars(sa.select(WorkerCategory.id)))
    for (block_id, category_id), value in targets.items():
        if block_id not in blocks:
            raise InvalidInput(ReportError.TARGET_BLOCK)
        if category_id not in categories:
            raise InvalidInput(ReportError.TARGET_CATEGORY)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= MAX_TARGET):
            raise InvalidInput(ReportError.TARGET_NUMBER)
    existing = {(t.block_id, t.category_id): t for t in db.session.scalars(
        sa.select(RegistrationTarget).where(RegistrationTarget.block_id.in_(blocks)))}
    changes = []
    for key, value in targets.items():
        current = existing.get(key)
        if value is None:
            if current is not None:
                db.session.delete(current)
                changes.append([*key, current.target, None])
        elif current is None:
            db.session.add(RegistrationTarget(block_id=key[0], category_id=key[1], target=value,
                                              updated_by_id=actor.id))
            changes.append([*key, None, value])
        elif current.target != value:
            changes.append([*key, current.target, value])
            current.target, current.updated_by_id = value, actor.id
    if changes:
        record_event("reports.targets_set", actor_id=actor.id, subject_type="sub_division",
                     subject_id=sub_division_id, sub_division_id=sub_division_id,
                     data={"changes": changes})
        db.session.flush()
    return len(changes)
