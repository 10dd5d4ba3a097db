"""The kinds of thing that wait for staff, one entry each: how to load one, whether it waits,
its sub-division, the queue's rows, the decisions and the one domain service behind them (whose
errors carry their messages) and its title. Adding a kind (say, a registration camp) is one
entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.bookings import queries as bookings_queries
from marketplace.bookings import services as bookings_services
from marketplace.catalogue import queries as catalogue_queries
from marketplace.catalogue import services as catalogue_services
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.panel.approvals.changes import product_changes, worker_changes
from marketplace.shg import queries as shg_queries
from marketplace.shg import services as shg_services
from marketplace.shg.models import SelfHelpGroup, SHGStatus
from marketplace.workers import neighbours as workers_neighbours
from marketplace.workers import queries as workers_queries
from marketplace.workers import services as workers_services
from marketplace.workers.models import (
    NeighbourListing,
    NeighbourStatus,
    WorkerProfile,
    WorkerStatus,
)

#: (decision, actor, reason) → None; raises what the domain service raises
Decide = Callable[[Any, str, User, str | None], None]


@dataclass(frozen=True)
class ApprovalKind:
    name: str
    label: Any  # a lazy string
    #: the audit log's name for its subjects
    subject_type: str
    #: the two buttons, the first being the one bulk approval presses
    decisions: tuple[str, str]
    load: Callable[[int], Any]
    #: the queue's rows (kind, id, since, village_id, title_en, title_hi, change) for a scope
    rows: Callable[[int | None], sa.Select]
    is_waiting: Callable[[Any], bool]
    sub_division_of: Callable[[Any], int]
    decide: Decide
    title: Callable[[Any], str]
    #: what an edit would change, old | new, when the item is a waiting edit
    changes: Callable[[Any], list] | None = None
    #: the table bulk approval selects from (None: decided one at a time)
    model: type | None = None


def _decide_worker(item: WorkerProfile, decision: str, actor: User, reason: str | None) -> None:
    if decision == "approve":
        workers_services.approve_worker(item, actor=actor, reason=reason or None)
    else:
        workers_services.reject_worker(item, actor=actor, reason=reason or "")


def _decide_review(item, decision: str, actor: User, reason: str | None) -> None:
    if decision == "hide":
        bookings_services.hide_review(item, actor=actor, reason=reason or "")
    else:
        bookings_services.clear_review_flag(item, actor=actor, reason=reason or "")


def _decide_neighbour(item: NeighbourListing, decision: str, actor: User,
                      reason: str | None) -> None:
    if decision == "accept":
        workers_neighbours.accept_listing(item, actor=actor, reason=reason)
    else:
        workers_neighbours.refuse_listing(item, actor=actor, reason=reason or "")


def _own_sub_division(item: Any) -> int:
    return item.sub_division_id


KINDS: dict[str, ApprovalKind] = {kind.name: kind for kind in (
    ApprovalKind(
        "worker", _l("Worker"), "worker_profile", ("approve", "reject"),
        load=workers_queries.get_worker, rows=workers_queries.list_approval_rows,
        is_waiting=lambda item: item.status is WorkerStatus.PENDING_REVIEW or (
            item.status is WorkerStatus.APPROVED and bool(item.pending_changes)),
        sub_division_of=_own_sub_division, decide=_decide_worker,
        title=lambda item: item.display_name,
        changes=worker_changes, model=WorkerProfile),
    ApprovalKind(
        "shg", _l("Self-help group"), "shg", ("approve", "reject"),
        load=shg_queries.get_group, rows=shg_queries.list_approval_rows,
        is_waiting=lambda item: item.status is SHGStatus.PENDING_REVIEW,
        sub_division_of=_own_sub_division,
        decide=lambda item, decision, actor, reason: shg_services.decide_group(
            item, approve=decision == "approve", actor=actor, reason=reason),
        title=lambda item: item.name_hi or item.name_en,
        model=SelfHelpGroup),
    ApprovalKind(
        "product", _l("Product"), "product", ("approve", "reject"),
        load=catalogue_queries.get_product, rows=catalogue_queries.list_approval_rows,
        is_waiting=lambda item: item.status is ProductStatus.PENDING_REVIEW or (
            item.status is ProductStatus.APPROVED and bool(item.pending_changes)),
        sub_division_of=_own_sub_division,
        decide=lambda item, decision, actor, reason: catalogue_services.decide_product(
            item, approve=decision == "approve", actor=actor, reason=reason),
        title=lambda item: item.name_hi or item.name_en,
        changes=product_changes, model=Product),
    ApprovalKind(
        "review", _l("Reported review"), "review", ("hide", "clear"),
        load=workers_queries.get_review, rows=bookings_queries.list_approval_rows,
        is_waiting=lambda item: item.flagged_at is not None and not item.is_hidden,
        sub_division_of=lambda item: item.booking.sub_division_id, decide=_decide_review,
        title=lambda item: _("review #%(id)d", id=item.id)),
    # a neighbouring sub-division's worker, to be listed here too: decided by staff here
    ApprovalKind(
        "neighbour", _l("Worker from a neighbouring sub-division"), "neighbour_listing",
        ("accept", "refuse"),
        load=workers_queries.get_listing, rows=workers_queries.list_neighbour_approval_rows,
        is_waiting=lambda item: item.status is NeighbourStatus.PROPOSED,
        sub_division_of=_own_sub_division, decide=_decide_neighbour,
        title=lambda item: item.worker.display_name),
)}
