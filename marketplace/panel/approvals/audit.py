"""Reads of the audit log for the panel: search, one subject's history, who acted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.core.audit import AuditEvent
from marketplace.core.db import INDIA
from marketplace.core.text import ascii_digits
from marketplace.extensions import db

SUBJECT_LABELS = {
    "worker_profile": _l("Worker"), "shg": _l("Self-help group"), "product": _l("Product"),
    "review": _l("Review"), "booking": _l("Booking"), "order": _l("Order"),
    "payment": _l("Payment"), "payout": _l("Payout"), "delivery_run": _l("Delivery run"),
    "run_stop": _l("Delivery stop"), "delivery_slot": _l("Delivery slot"),
    "category": _l("Worker category"), "product_category": _l("Product category"),
    "sub_division": _l("Sub-division"), "block": _l("Block"), "panchayat": _l("Panchayat"),
    "village": _l("Village or ward"), "outbox_message": _l("Message"), "user": _l("Account"),
    "chat_conversation": _l("WhatsApp conversation"),
    "drive": _l("Registration drive"), "camp": _l("Registration camp"),
    "partner": _l("Drive partner"),
    "neighbour_listing": _l("Listing in a neighbouring sub-division"),
}

#: every event the app records, in words (tests/panel/test_event_labels.py finds each one the
#: code can record and fails on one missing here)
ACTION_LABELS = {
    # accounts
    "account.created": _l("Account created"), "account.reactivated": _l("Account reactivated"),
    "account.signed_in": _l("Signed in"), "account.deactivated": _l("Account switched off"),
    "account.password_changed": _l("Password changed"),
    "account.password_reset": _l("Password reset with a code"),
    # workers
    "worker.registered": _l("Worker registered"),
    "worker.consented": _l("Worker confirmed the registration"),
    "worker.edited": _l("Worker's profile edited"),
    "worker.pending_consent": _l("Worker waits to confirm"),
    "worker.pending_review": _l("Worker sent for review"),
    "worker.approved": _l("Worker approved"), "worker.rejected": _l("Worker not approved"),
    "worker.withdrawn": _l("Worker deleted the profile"),
    "worker.changes_approved": _l("Worker's changes approved"),
    "worker.changes_rejected": _l("Worker's changes not approved"),
    "synonym.added": _l("Search word added"), "synonym.removed": _l("Search word removed"),
    "rate_card.set": _l("Typical rate set"),
    "neighbour.proposed": _l("Asked to list a worker in a neighbouring sub-division"),
    "neighbour.accepted": _l("Worker listed in a neighbouring sub-division"),
    "neighbour.refused": _l("Listing in a neighbouring sub-division refused"),
    "neighbour.ended": _l("Listing in a neighbouring sub-division ended"),
    # registration drives and camps
    "drive.created": _l("Drive started"), "drive.edited": _l("Drive edited"),
    "drive.partner_added": _l("Drive partner added"),
    "drive.operator_partner_set": _l("Operator's partner set"),
    "camp.planned": _l("Camp planned"), "camp.held": _l("Camp held"),
    "camp.cancelled": _l("Camp cancelled"), "camp.moved": _l("Camp moved"),
    # self-help groups
    "shg.applied": _l("Group applied"), "shg.registered": _l("Group registered by staff"),
    "shg.pending_review": _l("Group sent for review"),
    "shg.approved": _l("Group approved"), "shg.rejected": _l("Group not approved"),
    "shg.leader_set": _l("Made a group leader"), "shg.leader_unset": _l("No longer a leader"),
    "shg.member_added": _l("Group member added"),
    "shg.member_invited": _l("Group member asked to join"),
    "shg.member_removed": _l("Group member removed"),
    # products
    "product.added": _l("Product added"), "product.price_stock": _l("Price or stock changed"),
    "product.approved": _l("Product approved"), "product.rejected": _l("Product not approved"),
    "product.changes_approved": _l("Product's changes approved"),
    "product.changes_rejected": _l("Product's changes not approved"),
    "category.added": _l("Product category added"),
    "category.renamed": _l("Product category renamed"),
    "category.moved": _l("Product category moved"),
    # reviews
    "review.flagged": _l("Review reported by the worker"), "review.hidden": _l("Review hidden"),
    "review.flag_cleared": _l("Review kept (report cleared)"),
    # bookings
    "booking.requested": _l("Booking requested"), "booking.accepted": _l("Booking accepted"),
    "booking.declined": _l("Booking declined"), "booking.in_progress": _l("Work started"),
    "booking.completed": _l("Work completed"), "booking.cancelled": _l("Booking cancelled"),
    "booking.amount_proposed": _l("Amount proposed"),
    "booking.amount_confirmed": _l("Amount confirmed"),
    "booking.amount_refused": _l("Amount not accepted"),
    # orders, delivery and runs
    "order.taken_by_phone": _l("Order taken by phone"), "order.held": _l("Order put on hold"),
    "order.hold_released": _l("Order released from hold"),
    "order.switched_to_cash": _l("Order switched to cash on delivery"),
    "delivery.slot_saved": _l("Delivery time saved"),
    "delivery.terms_changed": _l("Delivery charges changed"),
    "fulfilment.runs_built": _l("Delivery runs made"),
    "fulfilment.courier_assigned": _l("Courier assigned"),
    "fulfilment.run_dispatched": _l("Run sent out"), "fulfilment.run_closed": _l("Run closed"),
    "fulfilment.stop_moved": _l("Delivery moved to another run"),
    # money
    "payment.cash_received": _l("Cash received"), "payment.refunded": _l("Payment refunded"),
    "payment.refund_needed": _l("Refund needed"),
    "payment.refunded_automatically": _l("Payment refunded automatically"),
    "payment.refunded_at_stripe": _l("Payment refunded at Stripe"),
    "payment.disputed": _l("Payment disputed"), "payment.dispute_closed": _l("Dispute closed"),
    "payment.amount_mismatch": _l("Amount paid did not match"),
    "payouts.commission_set": _l("Commission set"),
    "payouts.payout_recorded": _l("Payout recorded"),
    # settings, reports, messages
    "place.sub_division_added": _l("Sub-division added"), "place.block_added": _l("Block added"),
    "place.panchayat_added": _l("Panchayat added"),
    "place.village_added": _l("Village or ward added"),
    "place.whatsapp_number_set": _l("WhatsApp number set"),
    "place.lgd_imported": _l("Places imported from the LGD village list"),
    "onboarding.settings_copied": _l("Settings copied from another sub-division"),
    "reports.targets_set": _l("Targets set"), "outbox.redriven": _l("Message sent again"),
    # the assistant's conversations
    "chat.staff_replied": _l("Replied on WhatsApp"),
    "chat.template_sent": _l("WhatsApp template sent"),
    "chat.conversation_closed": _l("Conversation given back to the assistant"),
}


@dataclass
class AuditSearch:
    action: str = ""
    actor: str = ""
    subject_type: str = ""
    subject_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=INDIA).astimezone(UTC)


def _actors_matching(words: str) -> sa.Select:
    """Accounts whose name contains the words, or whose number contains the digits typed
    (four at least, so that "2" does not match everyone)."""
    conditions = [User.name.icontains(words, autoescape=True)]
    digits = "".join(ch for ch in ascii_digits(words) if ch.isdigit())
    if len(digits) >= 4:
        conditions.append(User.phone.contains(digits[-10:], autoescape=True))
    return sa.select(User.id).where(sa.or_(*conditions))


def search_events(scope: int | None, search: AuditSearch) -> sa.Select:
    """Events newest first; `scope` keeps a staff member to their sub-division (None: all,
    for admins). One SELECT; page it with core.pagination.paginate."""
    query = sa.select(AuditEvent)
    if scope is not None:
        query = query.where(AuditEvent.sub_division_id == scope)
    if search.action.strip():
        query = query.where(AuditEvent.action.startswith(search.action.strip().lower(),
                                                         autoescape=True))
    if search.actor.strip():
        query = query.where(AuditEvent.actor_id.in_(_actors_matching(search.actor.strip())))
    if search.subject_type:
        query = query.where(AuditEvent.subject_type == search.subject_type)
    if search.subject_id is not None:
        query = query.where(AuditEvent.subject_id == search.subject_id)
    if search.date_from is not None:
        query = query.where(AuditEvent.created_at >= _start_of(search.date_from))
    if search.date_to is not None:
        query = query.where(AuditEvent.created_at
                            < _start_of(search.date_to + timedelta(days=1)))
    if search.text.strip():
        query = query.where(AuditEvent.reason.icontains(search.text.strip(), autoescape=True))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def list_subject_events(subject_type: str, subject_id: int, limit: int = 20) -> list[AuditEvent]:
    """The latest decisions about one thing, newest first."""
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.subject_type == subject_type,
                                    AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)))


def get_actors(events: list[AuditEvent]) -> dict[int, User]:
    """The accounts that acted in these events, by id (one query, none when nobody did)."""
    ids = {event.actor_id for event in events if event.actor_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
