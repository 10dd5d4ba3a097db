"""Setting the sub-division's commission and recording payouts to self-help groups.

Both flush but never commit, take the actor explicitly and write the audit log.
"""

from __future__ import annotations

from datetime import date

from marketplace.accounts.access import require_staff_for
from marketplace.accounts.models import User
from marketplace.core.audit import record_event
from marketplace.core.db import INDIA, today_in_india
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.locks import lock, lock_ids
from marketplace.core.money import MAX_PAISE
from marketplace.core.text import ascii_digits
from marketplace.extensions import db
from marketplace.payouts.errors import PayoutError
from marketplace.payouts.models import Payout, PayoutTerms
from marketplace.payouts.queries import current_balance, has_payout_with_reference
from marketplace.places.models import SubDivision
from marketplace.shg.models import SelfHelpGroup

#: 50 %, as the table's check allows
MAX_COMMISSION_BP = 5000
REFERENCE_LIMIT = 100
NOTE_LIMIT = 300


def set_commission(sub_division_id: int, *, commission_bp: int, actor: User) -> PayoutTerms:
    """Set what the sub-division keeps of delivered sales (basis points, 0–5000).

    Raises Forbidden('staff_only') for anyone but its staff and admins,
    InvalidInput('commission_range'). Audits 'payouts.commission_set' with old and new.
    """
    require_staff_for(actor, sub_division_id)
    if isinstance(commission_bp, bool) or not isinstance(commission_bp, int) \
            or not 0 <= commission_bp <= MAX_COMMISSION_BP:
        raise InvalidInput(PayoutError.COMMISSION_RANGE)
    # Lock the sub-division's row first: two people saving at once (even the first time,
    # when there is no terms row to lock yet) save one after the other.
    lock_ids(SubDivision, [sub_division_id])
    terms = db.session.get(PayoutTerms, sub_division_id, populate_existing=True)
    if terms is None:
        terms = PayoutTerms(sub_division_id=sub_division_id, commission_bp=0)
        db.session.add(terms)
    old = terms.commission_bp or 0
    terms.commission_bp, terms.updated_by_id = commission_bp, actor.id
    record_event("payouts.commission_set", actor_id=actor.id, subject_type="sub_division",
                 subject_id=sub_division_id, sub_division_id=sub_division_id,
                 data={"old_bp": old, "new_bp": commission_bp})
    db.session.flush()
    return terms


def _lock_group(group: SelfHelpGroup) -> None:
    """Hold the group's row until commit, so that payouts to one group are recorded one at a
    time."""
    lock(group, reload=False)


def record_payout(group: SelfHelpGroup, *, amount_paise: int, paid_on: date, reference: str,
                  note: str = "", actor: User, today: date | None = None) -> Payout:
    """Record money paid to the group, never more than its balance due.

    Raises Forbidden('staff_only'); InvalidInput: amount_not_positive, amount_too_large,
    paid_on_future, paid_on_too_early (before the group was registered), reference_required,
    reference_too_long, note_too_long; Conflict('above_balance') when the amount exceeds
    what the group is owed at the moment (read after locking the group's row), and
    Conflict('reference_used') when the group has a payout of that reference already.
    Audits 'payouts.payout_recorded'.
    """
    require_staff_for(actor, group.sub_division_id)
    today = today or today_in_india()
    # a transaction id is matched against bank statements, which write 0-9
    reference, note = ascii_digits((reference or "").strip()), (note or "").strip()
    if isinstance(amount_paise, bool) or not isinstance(amount_paise, int) or amount_paise <= 0:
        raise InvalidInput(PayoutError.AMOUNT_NOT_POSITIVE)
    if amount_paise > MAX_PAISE:
        raise InvalidInput(PayoutError.AMOUNT_TOO_LARGE)
    if paid_on > today:
        raise InvalidInput(PayoutError.PAID_ON_FUTURE)
    if paid_on < group.created_at.astimezone(INDIA).date():
        raise InvalidInput(PayoutError.PAID_ON_TOO_EARLY)
    if not reference:
        raise InvalidInput(PayoutError.REFERENCE_REQUIRED)
    if len(reference) > REFERENCE_LIMIT:
        raise InvalidInput(PayoutError.REFERENCE_TOO_LONG)
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(PayoutError.NOTE_TOO_LONG)
    _lock_group(group)
    if has_payout_with_reference(group.id, reference):
        raise Conflict(PayoutError.REFERENCE_USED)
    balance = current_balance(group, today)
    if amount_paise > balance:
        raise Conflict(PayoutError.ABOVE_BALANCE, str(balance))
    payout = Payout(sub_division_id=group.sub_division_id, group_id=group.id,
                    amount_paise=amount_paise, paid_on=paid_on, reference=reference, note=note,
                    recorded_by_id=actor.id)
    db.session.add(payout)
    db.session.flush()
    record_event("payouts.payout_recorded", actor_id=actor.id, subject_type="payout",
                 subject_id=payout.id, sub_division_id=group.sub_division_id,
                 data={"group_id": group.id, "amount_paise": amount_paise,
                       "paid_on": paid_on.isoformat(), "reference": reference,
                       "balance_before_paise": balance})
    db.session.flush()
    return payout
