"""A worker listed in a neighbouring sub-division too, when staff of both agree.

The staff of the worker's own sub-division propose it; the staff of the other accept or refuse
it (their approval queue); staff of either may end it later; admins may act for both. Each
step is audited under the other sub-division (the listing's), with the worker's own in its
data. Services flush, never commit; each locks the row it moves, so two staff acting at once
go one after the other and the second is refused (Conflict('neighbour_transition')).
"""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.access import is_staff_for
from marketplace.accounts.models import User
from marketplace.core.audit import record_event
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.locks import lock
from marketplace.extensions import db
from marketplace.places.models import SubDivision
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import (
    NeighbourListing,
    NeighbourStatus,
    WorkerProfile,
    WorkerStatus,
)
from marketplace.workers.workflow import move_listing

LIVE = (NeighbourStatus.PROPOSED, NeighbourStatus.ACCEPTED)


def _clean(reason: str | None) -> str | None:
    return " ".join((reason or "").split()) or None


def propose_listing(worker: WorkerProfile, sub_division: SubDivision, *, actor: User,
                    reason: str | None = None) -> NeighbourListing:
    """Ask `sub_division`'s staff to list `worker` there too.

    Requires staff of the worker's own sub-division (or an admin). Raises Forbidden
    ('neighbour_propose'), InvalidInput('neighbour_own') for the worker's own sub-division,
    Conflict('neighbour_not_listed') for a worker not approved, Conflict('neighbour_exists')
    when a proposal or listing there is live. Audits 'neighbour.proposed'."""
    if not is_staff_for(actor, worker.sub_division_id):
        raise Forbidden(WorkerError.NEIGHBOUR_PROPOSE)
    if sub_division.id == worker.sub_division_id:
        raise InvalidInput(WorkerError.NEIGHBOUR_OWN)
    # The worker's row orders two proposals made at once (the second sees the first's).
    lock(worker)
    if worker.status is not WorkerStatus.APPROVED:
        raise Conflict(WorkerError.NEIGHBOUR_NOT_LISTED)
    live = db.session.scalar(sa.select(NeighbourListing.id).where(
        NeighbourListing.worker_id == worker.id,
        NeighbourListing.sub_division_id == sub_division.id,
        NeighbourListing.status.in_(LIVE)))
    if live is not None:
        raise Conflict(WorkerError.NEIGHBOUR_EXISTS)
    listing = NeighbourListing(worker_id=worker.id, sub_division_id=sub_division.id,
                               status=NeighbourStatus.PROPOSED, proposed_by_id=actor.id)
    db.session.add(listing)
    db.session.flush()
    record_event("neighbour.proposed", actor_id=actor.id, subject_type="neighbour_listing",
                 subject_id=listing.id, sub_division_id=sub_division.id, reason=_clean(reason),
                 data={"worker_id": worker.id, "home_sub_division_id": worker.sub_division_id})
    return listing


def accept_listing(listing: NeighbourListing, *, actor: User, reason: str | None = None) -> None:
    """List the worker in the sub-division asked. Requires its staff (or an admin); raises
    Forbidden('neighbour_decide'), Conflict('neighbour_transition') unless it is proposed."""
    if not is_staff_for(actor, listing.sub_division_id):
        raise Forbidden(WorkerError.NEIGHBOUR_DECIDE)
    lock(listing)
    move_listing(listing, NeighbourStatus.ACCEPTED, actor=actor, reason=_clean(reason))


def refuse_listing(listing: NeighbourListing, *, actor: User, reason: str) -> None:
    """Refuse, with a reason. Requires the asked sub-division's staff (or an admin); raises
    Forbidden('neighbour_decide'), InvalidInput('neighbour_reason'),
    Conflict('neighbour_transition') unless it is proposed."""
    if not is_staff_for(actor, listing.sub_division_id):
        raise Forbidden(WorkerError.NEIGHBOUR_DECIDE)
    reason = _clean(reason)
    if not reason:
        raise InvalidInput(WorkerError.NEIGHBOUR_REASON)
    lock(listing)
    move_listing(listing, NeighbourStatus.REFUSED, actor=actor, reason=reason)


def may_end(actor: User, listing: NeighbourListing) -> bool:
    """Staff of either sub-division (or an admin)."""
    return (is_staff_for(actor, listing.sub_division_id)
            or is_staff_for(actor, listing.worker.sub_division_id))


def end_listing(listing: NeighbourListing, *, actor: User, reason: str | None = None) -> None:
    """End a listing, or withdraw a proposal. Requires staff of either side (or an admin);
    raises Forbidden('neighbour_end'), Conflict('neighbour_transition') once it is over."""
    if not may_end(actor, listing):
        raise Forbidden(WorkerError.NEIGHBOUR_END)
    lock(listing)
    move_listing(listing, NeighbourStatus.ENDED, actor=actor, reason=_clean(reason))
