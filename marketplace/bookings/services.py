"""Booking a worker and everything after: answer, start, complete, cancel, review.

Services flush, never commit, take the actor explicitly and raise DomainErrors. Every change
that someone must hear about writes an outbox message in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from marketplace.accounts.access import is_staff_for, require_staff_for
from marketplace.accounts.models import User
from marketplace.accounts.notices import tell_staff
from marketplace.accounts.services import remember_address
from marketplace.bookings.errors import BookingError
from marketplace.bookings.labels import SLOT_LABELS
from marketplace.bookings.links import answer_url
from marketplace.bookings.models import ACTIVE_STATUSES, SLOT_ENDS, Booking, BookingStatus, Slot
from marketplace.bookings.workflow import transition
from marketplace.core.audit import record_event
from marketplace.core.db import INDIA, today_in_india, utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.i18n import localized
from marketplace.core.locks import inserted, lock
from marketplace.core.money import format_rupees
from marketplace.core.text import one_line
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.payments.models import Payment
from marketplace.payments.services import (
    get_paid_payment_for_booking,
    record_cash_payment,
    start_online_payment,
)
from marketplace.places.services import village_of
from marketplace.workers.models import Availability, Review, WorkerProfile
from marketplace.workers.queries import get_rate_card
from marketplace.workers.services import add_ratings

#: rendered in each recipient's language when the message is written
WORKER_LEFT = _l("the worker has left Swarozgar")
MAX_DAYS_AHEAD = 60
MAX_BOOKING_PAISE = 5_000_000
#: a booking is one slot of one day: one unit of the worker's rate (a day or a visit)
QUOTE_UNITS = 1
#: without a rate card for the category, a changed amount may be at most this % of the quote
CHANGE_CEILING_PERCENT = 150
#: payment outcomes the resident or staff hear about, and the staff message kind
TOLD_OUTCOMES = {"refunded": "refunded", "refunded_partly": "refunded",
                 "disputed": "disputed", "dispute_lost": "dispute_lost"}


@dataclass
class BookingRequest:
    work_date: date
    slot: Slot
    village_id: int
    address: str
    description: str


def open_slots(day: date) -> list[Slot]:
    """The slots of `day` a worker can still be booked for: on today, those not over yet."""
    now = utcnow().astimezone(INDIA)
    if day != now.date():
        return list(Slot)
    return [slot for slot in Slot if now.time() < SLOT_ENDS[slot]]


def _check_request(worker: WorkerProfile, request: BookingRequest, today: date) -> None:
    if not worker.is_listed:
        raise Conflict(BookingError.WORKER_UNLISTED)
    if request.work_date < today:
        raise InvalidInput(BookingError.DATE_PAST)
    if request.work_date == today and request.slot not in open_slots(today):
        raise InvalidInput(BookingError.SLOT_OVER)
    if request.work_date > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(BookingError.DATE_FAR)
    if worker.availability is Availability.NOT_TAKING or (
        worker.availability is Availability.FROM_DATE
        and request.work_date < worker.available_from
    ):
        raise Conflict(BookingError.WORKER_UNAVAILABLE)
    village_of(worker.sub_division_id, request.village_id)


def request_booking(
    worker: WorkerProfile,
    request: BookingRequest,
    *,
    actor: User,
    today: date,
    caller_name: str | None = None,
    caller_phone: str | None = None,
    caller_language: str = "hi",
) -> Booking:
    """A resident books for themself, or staff book for a helpline caller (name and phone).

    Raises Conflict('slot_taken') when the worker already has a live booking for that date
    and slot: a partial unique index decides, so concurrent requests cannot both win.
    """
    helpline = caller_phone is not None
    if not helpline and actor.id == worker.user_id:
        raise InvalidInput(BookingError.OWN_BOOKING)
    if helpline:
        require_staff_for(actor, worker.sub_division_id)
        if caller_phone == actor.phone:
            raise InvalidInput(BookingError.CALLER_IS_STAFF)
        if caller_phone == worker.user.phone:
            raise InvalidInput(BookingError.CALLER_IS_WORKER)
    _check_request(worker, request, today)
    booking = Booking(
        sub_division_id=worker.sub_division_id,
        worker=worker,
        resident_id=None if helpline else actor.id,
        contact_name=one_line(caller_name if helpline else actor.name, 80, BookingError.CONTACT),
        contact_phone=caller_phone if helpline else actor.phone,
        contact_language=caller_language if helpline else actor.preferred_language,
        village_id=request.village_id,
        address=one_line(request.address, 300, BookingError.ADDRESS),
        description=one_line(request.description, 1000, BookingError.DESCRIPTION),
        work_date=request.work_date,
        slot=request.slot,
        via_helpline=helpline,
        created_by_id=actor.id,
    )
    if not inserted(booking):
        raise Conflict(BookingError.SLOT_TAKEN)
    if not helpline:
        remember_address(actor, booking.village_id, booking.address)
    record_event("booking.requested", actor_id=actor.id, subject_type="booking",
                 subject_id=booking.id, sub_division_id=booking.sub_division_id,
                 data={"helpline": helpline})
    _tell_worker_of_request(booking)
    if helpline:
        _tell_contact(booking, "booking_received", worker=worker.display_name,
                      date=booking.work_date, slot=SLOT_LABELS[booking.slot])
    return booking


def _tell_worker_of_request(booking: Booking) -> None:
    worker_user = booking.worker.user
    language = worker_user.preferred_language
    queue_message(
        worker_user.phone, "booking_requested", language=language,
        sub_division_id=booking.sub_division_id, name=booking.contact_name, date=booking.work_date,
        slot=SLOT_LABELS[booking.slot], village=localized(booking.village, "name", language),
        work=booking.description[:120], link=answer_url(booking.id, booking.worker_id),
    )


def _tell_contact(booking: Booking, kind: str, **params) -> None:
    queue_message(booking.contact_phone, kind, language=booking.contact_language,
                  sub_division_id=booking.sub_division_id, **params)


def _is_worker(booking: Booking, actor: User) -> bool:
    return actor.id == booking.worker.user_id


def can_view(booking: Booking, actor: User) -> bool:
    return (actor.id == booking.resident_id or _is_worker(booking, actor)
            or is_staff_for(actor, booking.sub_division_id))


def phone_to_call(booking: Booking, viewer: User) -> str | None:
    """The number the viewer may call about this booking, if any. The worker gets the
    resident's (or helpline caller's) number once they have accepted, and keeps it after;
    before that they see the request without it. Everyone else who may view the booking gets
    the worker's number while the work is on."""
    if _is_worker(booking, viewer):
        return booking.contact_phone if booking.accepted_at is not None else None
    if booking.status in (BookingStatus.ACCEPTED, BookingStatus.IN_PROGRESS):
        return booking.worker.user.phone
    return None


def may_still_accept(booking: Booking) -> bool:
    """A request is accepted up to its day; once the day is over it can only be declined
    (the resident would be told "accepted" for a day that has gone)."""
    return booking.work_date >= today_in_india()


def answer_booking(booking: Booking, *, accept: bool, actor: User,
                   reason: str | None = None) -> None:
    """The worker accepts or declines (a reason is optional when declining)."""
    if not _is_worker(booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    if accept:
        if not may_still_accept(booking):
            raise Conflict(BookingError.DAY_GONE)
        transition(booking, BookingStatus.ACCEPTED, actor=actor)
        # The quote: one booking is one slot of one day, so one unit (a day or a visit) at
        # the rate the worker publishes. Fixed now; the resident saw this rate when booking.
        booking.quote_units = QUOTE_UNITS
        booking.quote_paise = booking.worker.rate_paise * QUOTE_UNITS
        _tell_contact(booking, "booking_accepted", worker=booking.worker.display_name,
                      date=booking.work_date, slot=SLOT_LABELS[booking.slot],
                      phone=booking.worker.user.phone)
    else:
        reason = " ".join((reason or "").split())[:500] or "—"
        transition(booking, BookingStatus.DECLINED, actor=actor, reason=reason)
        _tell_contact(booking, "booking_declined", worker=booking.worker.display_name,
                      date=booking.work_date, reason=reason)


def has_work_day_come(booking: Booking) -> bool:
    """Work is started and marked done on its booked day or later, never before: a booking
    for next week cannot be completed, and asked to be paid, today."""
    return booking.work_date <= today_in_india()


def _require_work_day(booking: Booking) -> None:
    if not has_work_day_come(booking):
        raise Conflict(BookingError.WORK_EARLY)


def start_work(booking: Booking, *, actor: User) -> None:
    if not _is_worker(booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    _require_work_day(booking)
    transition(booking, BookingStatus.IN_PROGRESS, actor=actor)


def amount_ceiling(booking: Booking) -> int:
    """The most a worker may ask for this booking: the top of the category's rate card in
    the sub-division × the agreed units; without a rate card, CHANGE_CEILING × the quote.
    Never below the quote itself."""
    units = booking.quote_units or QUOTE_UNITS
    card = get_rate_card(booking.sub_division_id, booking.worker.main_category_id)
    if card is not None:
        ceiling = card.max_paise * units
    else:
        ceiling = booking.quote_paise * CHANGE_CEILING_PERCENT // 100
    return min(max(ceiling, booking.quote_paise), MAX_BOOKING_PAISE)


def complete_work(booking: Booking, *, actor: User, amount_paise: int | None = None) -> None:
    """The worker marks the work done. The payable amount is the quote fixed at acceptance;
    a different amount (bounded by amount_ceiling) is only a proposal, payable once the
    resident confirms it (confirm_amount). InvalidInput('amount', 'amount_over_rate_card')."""
    if not _is_worker(booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    _require_work_day(booking)
    if amount_paise is not None and not 0 < amount_paise <= MAX_BOOKING_PAISE:
        raise InvalidInput(BookingError.AMOUNT)
    if booking.quote_paise is None:  # accepted before quotes were kept
        booking.quote_units = QUOTE_UNITS
        booking.quote_paise = booking.worker.rate_paise * QUOTE_UNITS
    quote = booking.quote_paise
    if amount_paise is not None and amount_paise != quote \
            and amount_paise > amount_ceiling(booking):
        raise InvalidInput(BookingError.AMOUNT_OVER_RATE_CARD)
    transition(booking, BookingStatus.COMPLETED, actor=actor)
    booking.amount_paise = quote
    if amount_paise is None or amount_paise == quote:
        _tell_contact(booking, "booking_completed", worker=booking.worker.display_name,
                      amount=format_rupees(quote))
        return
    booking.proposed_paise = amount_paise
    record_event("booking.amount_proposed", actor_id=actor.id, subject_type="booking",
                 subject_id=booking.id, sub_division_id=booking.sub_division_id,
                 data={"quote_paise": quote, "proposed_paise": amount_paise})
    _tell_contact(booking, "booking_amount_proposed", worker=booking.worker.display_name,
                  amount=format_rupees(amount_paise), quote=format_rupees(quote))


def confirm_amount(booking: Booking, *, actor: User, accept: bool) -> None:
    """The resident agrees to the worker's changed amount (it becomes payable, as a new
    amount version) or refuses it (the quote stays payable). The worker is told.
    Forbidden('not_party'); Conflict('no_proposal') when nothing waits."""
    if actor.id != booking.resident_id:
        raise Forbidden(BookingError.NOT_PARTY)
    proposed = booking.proposed_paise
    # Compare-and-set: a double click decides once.
    changed = db.session.execute(
        sa.update(Booking).where(Booking.id == booking.id, Booking.proposed_paise == proposed,
                                 Booking.proposed_paise.is_not(None))
        .values(proposed_paise=None,
                amount_paise=proposed if accept else Booking.amount_paise,
                amount_version=Booking.amount_version + (1 if accept else 0))
        .execution_options(synchronize_session=False)).rowcount
    if proposed is None or changed != 1:
        raise Conflict(BookingError.NO_PROPOSAL)
    db.session.expire(booking, ["proposed_paise", "amount_paise", "amount_version"])
    record_event("booking.amount_confirmed" if accept else "booking.amount_refused",
                 actor_id=actor.id, subject_type="booking", subject_id=booking.id,
                 sub_division_id=booking.sub_division_id, data={"proposed_paise": proposed})
    worker = booking.worker.user
    queue_message(worker.phone,
                  "booking_amount_confirmed" if accept else "booking_amount_refused",
                  language=worker.preferred_language, sub_division_id=booking.sub_division_id,
                  amount=format_rupees(proposed), quote=format_rupees(booking.quote_paise or 0),
                  date=booking.work_date)


def cancel_booking(booking: Booking, *, actor: User, reason: str) -> None:
    """Either party, or staff of the sub-division, cancel with a reason; the other side hears."""
    if not can_view(booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    reason = one_line(reason, 500, BookingError.REASON_REQUIRED)
    transition(booking, BookingStatus.CANCELLED, actor=actor, reason=reason)
    if not _is_worker(booking, actor):
        queue_message(booking.worker.user.phone, "booking_cancelled",
                      language=booking.worker.user.preferred_language,
                      sub_division_id=booking.sub_division_id, date=booking.work_date,
                      reason=reason)
    if actor.id != booking.resident_id:
        _tell_contact(booking, "booking_cancelled", date=booking.work_date, reason=reason)


def review_booking(booking: Booking, *, author: User, rating: int, text: str = "") -> Review:
    """One rating per completed booking, by the resident who booked; updates the average."""
    if booking.status is not BookingStatus.COMPLETED or author.id != booking.resident_id:
        raise Forbidden(BookingError.REVIEW_NOT_ALLOWED)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput(BookingError.RATING)
    review = Review(booking_id=booking.id, worker_id=booking.worker_id, author_id=author.id,
                    rating=rating, text=(text or "").strip()[:1000])
    if not inserted(review):
        raise Conflict(BookingError.ALREADY_REVIEWED)
    add_ratings(booking.worker_id, rating_sum=rating, count=1)
    return review


def hide_review(review: Review, *, actor: User, reason: str) -> None:
    """Staff hide an abusive review with a reason; it stops counting in the average."""
    if not is_staff_for(actor, review.booking.sub_division_id):
        raise Forbidden(BookingError.NOT_PARTY)
    reason = one_line(reason, 500, BookingError.REASON_REQUIRED)
    # Compare-and-set: two staff hiding it at once take it out of the average once.
    hidden = db.session.execute(
        sa.update(Review).where(Review.id == review.id, Review.is_hidden.is_(False))
        .values(is_hidden=True, hidden_reason=reason, hidden_by_id=actor.id)
        .execution_options(synchronize_session=False)).rowcount
    if hidden != 1:
        raise Conflict(BookingError.ALREADY_HIDDEN)
    db.session.expire(review, ["is_hidden", "hidden_reason", "hidden_by_id"])
    add_ratings(review.worker_id, rating_sum=-review.rating, count=-1)
    if review.flagged_by_id is not None:
        _tell_reporter(review, "review_report_hidden")
    record_event("review.hidden", actor_id=actor.id, subject_type="review",
                 subject_id=review.id, sub_division_id=review.booking.sub_division_id,
                 reason=reason)


def flag_review(review: Review, *, actor: User, reason: str) -> None:
    """The worker a review is about reports it as unfair or abusive, once, with a reason;
    it waits in the panel's approval queue until staff hide it or clear the flag.

    Raises Forbidden('not_party') for anyone else, Conflict('already_flagged') for a second
    flag (even after staff cleared the first) or a hidden review; a compare-and-set update,
    so two submissions at once flag it once."""
    if not _is_worker(review.booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    reason = one_line(reason, 300, BookingError.FLAG_REASON)
    flagged = db.session.execute(
        sa.update(Review).where(Review.id == review.id, Review.flagged_by_id.is_(None),
                                Review.is_hidden.is_(False))
        .values(flagged_at=utcnow(), flagged_by_id=actor.id, flag_reason=reason)
        .execution_options(synchronize_session=False))
    if flagged.rowcount != 1:
        raise Conflict(BookingError.ALREADY_FLAGGED)
    db.session.expire(review, ["flagged_at", "flagged_by_id", "flag_reason"])
    record_event("review.flagged", actor_id=actor.id, subject_type="review",
                 subject_id=review.id, sub_division_id=review.booking.sub_division_id,
                 reason=reason)


def clear_review_flag(review: Review, *, actor: User, reason: str) -> None:
    """Staff decide a flagged review stays: the flag is cleared with a reason (the worker
    cannot flag it again). Forbidden('not_party') for staff of another sub-division;
    Conflict('not_flagged') when it is not waiting (already cleared or hidden)."""
    if not is_staff_for(actor, review.booking.sub_division_id):
        raise Forbidden(BookingError.NOT_PARTY)
    reason = one_line(reason, 500, BookingError.REASON_REQUIRED)
    cleared = db.session.execute(
        sa.update(Review).where(Review.id == review.id, Review.flagged_at.is_not(None),
                                Review.is_hidden.is_(False))
        .values(flagged_at=None).execution_options(synchronize_session=False))
    if cleared.rowcount != 1:
        raise Conflict(BookingError.NOT_FLAGGED)
    db.session.expire(review, ["flagged_at"])
    record_event("review.flag_cleared", actor_id=actor.id, subject_type="review",
                 subject_id=review.id, sub_division_id=review.booking.sub_division_id,
                 reason=reason)
    _tell_reporter(review, "review_report_kept", reason=reason)


def _tell_reporter(review: Review, kind: str, **params) -> None:
    """The worker who reported a review hears what the office decided."""
    worker = review.booking.worker.user
    queue_message(worker.phone, kind, language=worker.preferred_language,
                  sub_division_id=review.booking.sub_division_id, **params)


def confirm_cash_received(booking: Booking, *, actor: User) -> Payment:
    """The worker says the completed booking's amount was paid in cash."""
    if not _is_worker(booking, actor):
        raise Forbidden(BookingError.NOT_PARTY)
    _lock(booking)
    if not booking.is_payable:
        raise Conflict(BookingError.NOT_PAYABLE)
    payment = record_cash_payment(booking_id=booking.id, amount_paise=booking.amount_paise,
                                  confirmed_by_id=actor.id)
    record_event("payment.cash_received", actor_id=actor.id, subject_type="booking",
                 subject_id=booking.id, sub_division_id=booking.sub_division_id,
                 data={"amount_paise": booking.amount_paise})
    return payment


def cancel_bookings_of_leaving_worker(worker: WorkerProfile, actor: User) -> None:
    """Before workers.services.withdraw_worker erases a profile (it checks the actor is the
    worker, then calls this): live bookings are cancelled and the residents told."""
    live = db.session.scalars(sa.select(Booking).where(
        Booking.worker_id == worker.id, Booking.status.in_(ACTIVE_STATUSES))).all()
    for booking in live:
        transition(booking, BookingStatus.CANCELLED, actor=actor,
                   reason="worker deleted their profile")
        _tell_contact(booking, "booking_cancelled", date=booking.work_date,
                      reason=WORKER_LEFT)


def pay_online(booking: Booking, *, actor: User, base_url: str) -> str:
    """The resident pays a completed booking through Stripe Checkout; returns the page URL.

    The amount is the payable one (the quote or a confirmed change), never one from the
    browser. One page per booking and amount: two tabs at once get the same page (the
    booking row is locked, and the idempotency key is the booking's and amount version's).
    """
    if actor.id != booking.resident_id:
        raise Forbidden(BookingError.NOT_PARTY)
    _lock(booking)
    if not booking.is_payable:
        raise Conflict(BookingError.NOT_PAYABLE)
    if get_paid_payment_for_booking(booking.id):
        raise Conflict(BookingError.ALREADY_PAID)
    page = f"{base_url}/bookings/{booking.id}"
    _payment, url = start_online_payment(
        booking_id=booking.id, amount_paise=booking.amount_paise,
        amount_version=booking.amount_version,
        description=f"Swarozgar booking #{booking.id}: {booking.worker.main_category.name_en}",
        success_url=f"{page}?paid=online", cancel_url=page)
    return url


def _lock(booking: Booking) -> None:
    """Serialise paying one booking, then read its amount afresh."""
    lock(booking)


def booking_takes_money(payment: Payment) -> bool:
    """Money for a booking is taken only while it is payable (payments asks, in the
    webhook's transaction, before recording it)."""
    if payment.booking_id is None:
        return True
    booking = db.session.get(Booking, payment.booking_id)
    return booking is not None and booking.status is BookingStatus.COMPLETED


def on_payment_settled(payment: Payment, outcome: str) -> None:
    """Called by payments inside the webhook's transaction: the resident and the staff of
    the sub-division hear of money given back and of disputes."""
    if payment.booking_id is None or outcome not in TOLD_OUTCOMES:
        return
    booking = db.session.get(Booking, payment.booking_id)
    what = f"#{booking.id}"
    if outcome in ("refunded", "refunded_partly"):
        _tell_contact(booking, "payment_refunded", what=what,
                      amount=format_rupees(payment.refunded_paise))
    tell_staff(booking.sub_division_id, f"staff_payment_{TOLD_OUTCOMES[outcome]}", what=what,
               amount=format_rupees(payment.refunded_paise if outcome.startswith("refunded")
                                    else payment.disputed_paise or payment.amount_paise))
