"""Status changes: each domain's transition table, and the one helper that moves a status.

A domain declares its table once (`register`, in its own workflow.py): which statuses each
status may move to, the Conflict code of a refused move, the `*_at` column stamped on
arrival in a status, and the audit event the domain keeps for its moves. `change_status`
then checks a move against the table, sets the status, stamps it and records the event; the
domain's own `transition` wraps it with what else a move of that domain does (a reason
kept, a buyer told). A compare-and-set UPDATE (two people moving one row at once) asks the
same table: `check` before it, or `sources` in its WHERE clause.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, ErrorCode


class ReviewStatus(enum.StrEnum):
    """Where a listing stands that staff check before the public sees it (a product, a
    self-help group)."""

    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Audit:
    """The audit event a move records: '<prefix>.<status moved to>' about the object."""

    prefix: str
    subject_type: str
    #: put {"from": …, "to": …} in the event's data
    with_moves: bool = False
    #: the statuses whose arrival is recorded; None: every one
    only: frozenset[enum.Enum] | None = None


@dataclass(frozen=True)
class Workflow:
    """One domain's transition table and what goes with a move."""

    model: type
    moves: Mapping[enum.Enum, frozenset[enum.Enum]]
    #: the Conflict code of a move the table does not have, e.g. 'order_transition'
    code: str
    #: status → the `*_at` column set to the time of arrival in it
    stamps: Mapping[enum.Enum, str]
    #: None where the domain records its own events (or none) around the move
    audit: Audit | None

    def allows(self, before: enum.Enum, to: enum.Enum) -> bool:
        return to in self.moves[before]

    def check(self, before: enum.Enum, to: enum.Enum) -> None:
        """Conflict(<the domain's code>) unless the table has the move."""
        if not self.allows(before, to):
            raise Conflict(self.code, f"{before} → {to}")

    def sources(self, to: enum.Enum) -> tuple[enum.Enum, ...]:
        """The statuses that may move to `to`, in the table's order: for the WHERE of a
        compare-and-set."""
        return tuple(before for before, targets in self.moves.items() if to in targets)

    def stamp(self, to: enum.Enum, now: datetime | None = None) -> dict[str, datetime]:
        """The column to stamp on arrival in `to`, as UPDATE values ({} when none)."""
        column = self.stamps.get(to)
        return {column: now or utcnow()} if column else {}


#: every model with a status → its workflow, filled as each domain's workflow.py is imported
TABLES: dict[type, Workflow] = {}


def register(model: type, moves: Mapping[Any, Iterable[Any]], *, code: str,
             stamps: Mapping[Any, str] | None = None, audit: Audit | None = None) -> Workflow:
    """Declare `model`'s transition table (every status of its enum must be a key)."""
    statuses = type(next(iter(moves)))
    missing = set(statuses) - set(moves)
    if missing:
        raise ValueError(f"{model.__name__}: no row for {sorted(missing)}")
    workflow = Workflow(model=model, code=code, audit=audit, stamps=dict(stamps or {}),
                        moves={status: frozenset(targets) for status, targets in moves.items()})
    TABLES[model] = workflow
    return workflow


def workflow_of(model: type) -> Workflow:
    try:
        return TABLES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no transition table; import its "
                          "domain's workflow module") from None


def change_status(obj: Any, to: enum.Enum, *, actor_id: int | None = None,
                  reason: str | None = None) -> enum.Enum:
    """Move `obj` to `to`; returns the status it left. Stamps the table's `*_at` column and
    adds the domain's audit event to the session (flushes nothing).

    Raises Conflict(<the domain's code>) when the table does not have the move; nothing
    is changed then.
    """
    workflow = workflow_of(type(obj))
    before = obj.status
    workflow.check(before, to)
    obj.status = to
    for column, now in workflow.stamp(to).items():
        setattr(obj, column, now)
    audit = workflow.audit
    if audit is not None and (audit.only is None or to in audit.only):
        record_event(
            f"{audit.prefix}.{to.value}",
            actor_id=actor_id,
            subject_type=audit.subject_type,
            subject_id=obj.id,
            sub_division_id=obj.sub_division_id,
            reason=reason,
            data={"from": before.value, "to": to.value} if audit.with_moves else None,
        )
    return before


def decide_waiting_edits(obj: Any, *, approve: bool, actor_id: int, reason: str | None,
                         apply: Callable[[Any, dict], None], nothing_waiting: ErrorCode) -> None:
    """Staff's decision on the edits waiting on a listed thing (`pending_changes`, e.g. of a
    product or a worker profile): applied with `apply` when approved, dropped either way, and
    audited as '<prefix>.changes_approved' or '…_rejected'. Its status stays as it is.

    Raises Conflict(nothing_waiting) when no edits wait."""
    if not obj.pending_changes:
        raise Conflict(nothing_waiting)
    if approve:
        apply(obj, obj.pending_changes)
    obj.pending_changes = None
    audit = workflow_of(type(obj)).audit
    record_event(f"{audit.prefix}.changes_{'approved' if approve else 'rejected'}",
                 actor_id=actor_id, subject_type=audit.subject_type, subject_id=obj.id,
                 sub_division_id=obj.sub_division_id, reason=reason)
