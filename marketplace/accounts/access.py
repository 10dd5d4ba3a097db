"""Who may act for a sub-division: the one home of the staff-scope and registration rules.

Plain questions over a user and ids, so every domain (and the CLI, jobs and tests) asks the
same thing. For "only the office may do this", services call require_staff_for: the one 403
with one sentence. For the other questions callers decide what a "no" looks like (404 for
records the person may not know exist, 403 for a known page they may not use).
"""

from __future__ import annotations

from collections.abc import Collection

from marketplace.accounts.errors import AccessError
from marketplace.accounts.models import Role, User
from marketplace.core.errors import Forbidden

#: accounts that buy and book for themselves; staff, operators and delivery people order and
#: book for callers from the panel instead
CUSTOMER_ROLES = frozenset({Role.RESIDENT, Role.WORKER, Role.SHG_MEMBER})


def may_buy(actor: User) -> bool:
    """A customer account fills a cart and checks out; a visitor who is not signed in may fill
    one too (and signs in at checkout)."""
    return not actor.is_authenticated or actor.role in CUSTOMER_ROLES


def may_book(actor: User) -> bool:
    """A customer account asks a worker for a booking; a visitor is shown the way (signing in
    comes first). Nobody books themself: bookings.services refuses that ('own_booking')."""
    return not actor.is_authenticated or actor.role in CUSTOMER_ROLES


def is_staff_for(actor: User, sub_division_id: int) -> bool:
    """An admin, or staff of this sub-division."""
    return actor.role is Role.ADMIN or (
        actor.role is Role.STAFF and actor.sub_division_id == sub_division_id)


def require_staff_for(actor: User, sub_division_id: int) -> None:
    """Refuse anyone but an admin or staff of this sub-division: Forbidden('staff_only')."""
    if not is_staff_for(actor, sub_division_id):
        raise Forbidden(AccessError.STAFF_ONLY)


def may_moderate(actor: User, sub_division_id: int, *, owner_user_id: int) -> bool:
    """Staff for the sub-division may approve or reject a listing there, but never their own
    (a staff member who also works is moderated by a colleague)."""
    return actor.id != owner_user_id and is_staff_for(actor, sub_division_id)


def may_see_unlisted(actor: User, sub_division_id: int, *,
                     owner_user_ids: Collection[int] = ()) -> bool:
    """Something not listed to the public (a worker profile waiting or hidden, a product or
    group not approved) is seen by its owners and by staff for its sub-division; to anyone
    else, and to a visitor who is not signed in, it does not exist."""
    if not actor.is_authenticated:
        return False
    return actor.id in owner_user_ids or is_staff_for(actor, sub_division_id)


def may_register_workers_in(actor: User, sub_division_id: int) -> bool:
    """Staff for the sub-division, or one of its CSC operators: may register workers at the
    counter and upload skill-mapping files there."""
    return is_staff_for(actor, sub_division_id) or (
        actor.role is Role.OPERATOR and actor.sub_division_id == sub_division_id)


def may_handle_registration(actor: User, *, sub_division_id: int,
                            registered_by_id: int | None) -> bool:
    """A registration made at the counter (a worker waiting for consent, an uploaded file) is
    seen and carried on by the operator who made it and by staff for its sub-division; other
    operators, even of the same sub-division, do not see it (the worker's phone, their tries
    at the consent code)."""
    if is_staff_for(actor, sub_division_id):
        return True
    return (may_register_workers_in(actor, sub_division_id)
            and registered_by_id is not None and registered_by_id == actor.id)
