"""Onboard a sub-division from the Local Government Directory's village list, and start it with
the settings of one that runs already.

The places are imported by `places.lgd_import`; what a sub-division of its own decides (rate
cards of the kinds of work, delivery slots and charges, the commission on sales) is copied
through each domain's own verb, so every copied setting is checked and audited as if staff had
typed it, and staff edit it afterwards on the usual pages. Kinds of work, product categories
and message texts are the same for every sub-division, so there is nothing of them to copy.
"""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.core.audit import record_event
from marketplace.core.errors import Forbidden
from marketplace.delivery.models import DeliverySlot, DeliveryTerms
from marketplace.delivery.services import SlotDetails, save_slot, save_terms
from marketplace.extensions import db
from marketplace.onboarding.errors import OnboardingError
from marketplace.payouts.models import PayoutTerms
from marketplace.payouts.services import set_commission
from marketplace.places.lgd_import import ImportResult, import_upload
from marketplace.places.models import LgdUpload, SubDivision
from marketplace.workers.models import RateCard, WorkerCategory
from marketplace.workers.services import set_rate_card


def onboard(upload: LgdUpload, *, actor: User) -> ImportResult:
    """Import the list; a sub-division it makes gets the settings of the one chosen on the
    upload (flushes, audits). Forbidden('onboarding_admins_only'); the errors of
    `import_upload`."""
    if actor.role is not Role.ADMIN:
        raise Forbidden(OnboardingError.ADMINS_ONLY)
    result = import_upload(upload, actor_id=actor.id)
    source = db.session.get(SubDivision, upload.defaults_from_id) \
        if upload.defaults_from_id else None
    if result.created and source is not None and source.id != result.sub_division.id:
        copy_settings(source, result.sub_division, actor=actor)
    return result


def copy_settings(source: SubDivision, target: SubDivision, *, actor: User) -> dict[str, int]:
    """Give `target` the rate cards, delivery slots, delivery charges and commission of
    `source`; audits each, and 'onboarding.settings_copied' with how many."""
    copied = {"rate_cards": 0, "delivery_slots": 0, "delivery_terms": 0, "commission": 0}
    for card in db.session.scalars(sa.select(RateCard).where(
            RateCard.sub_division_id == source.id).order_by(RateCard.id)):
        set_rate_card(target, db.session.get(WorkerCategory, card.category_id),
                      min_paise=card.min_paise, max_paise=card.max_paise, unit=card.unit,
                      actor=actor)
        copied["rate_cards"] += 1
    for slot in db.session.scalars(sa.select(DeliverySlot).where(
            DeliverySlot.sub_division_id == source.id, DeliverySlot.is_active)
            .order_by(DeliverySlot.starts_at, DeliverySlot.id)):
        save_slot(target.id, SlotDetails(
            weekdays=slot.weekdays, starts_at=slot.starts_at, ends_at=slot.ends_at,
            capacity=slot.capacity, cutoff_minutes=slot.cutoff_minutes), actor_id=actor.id)
        copied["delivery_slots"] += 1
    terms = db.session.get(DeliveryTerms, source.id)
    if terms is not None:
        save_terms(target.id, charge_paise=terms.charge_paise,
                   free_from_paise=terms.free_from_paise,
                   minimum_order_paise=terms.minimum_order_paise, actor_id=actor.id,
                   max_open_cash_orders=terms.max_open_cash_orders)
        copied["delivery_terms"] = 1
    commission = db.session.get(PayoutTerms, source.id)
    if commission is not None:
        set_commission(target.id, commission_bp=commission.commission_bp, actor=actor)
        copied["commission"] = 1
    record_event("onboarding.settings_copied", actor_id=actor.id, subject_type="sub_division",
                 subject_id=target.id, sub_division_id=target.id,
                 data={"from_sub_division_id": source.id, "from_code": source.code, **copied})
    return copied
