"""Book a worker, follow a booking, answer it (also by signed link), pay cash, rate."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.access import is_staff_for, may_book
from marketplace.bookings import queries, services
from marketplace.bookings.errors import BookingError
from marketplace.bookings.forms import (
    BookingForm,
    CompleteForm,
    FlagReviewForm,
    ReasonForm,
    ReviewForm,
    booking_request_from,
)
from marketplace.bookings.labels import SLOT_LABELS, STATUS_LABELS
from marketplace.bookings.links import read_answer_token
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.bookings.workflow import may_move
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then, form_page
from marketplace.extensions import db
from marketplace.payments import stripe_gateway
from marketplace.payments.models import PaymentMethod
from marketplace.payments.services import get_paid_payment_for_booking
from marketplace.places import tenant
from marketplace.places.forms import offer_last_address, village_choices
from marketplace.workers.queries import get_worker, get_worker_of_user

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


@bp.app_context_processor
def booking_labels():
    return {"slot_labels": SLOT_LABELS, "booking_status_labels": STATUS_LABELS}


@bp.route("/new/<int:worker_id>", methods=["GET", "POST"])
@login_required
def new(worker_id: int):
    worker = get_worker(worker_id)
    if worker is None or not worker.is_listed:
        abort(404)
    if not may_book(current_user):
        abort(403)
    tenant.shows(worker.sub_division_id)
    form = BookingForm()
    form.village.choices = village_choices(worker.sub_division_id, to_choose=True)
    if request.method == "GET":
        offer_last_address(form, current_user)
    if form.validate_on_submit():
        def refused(error: DomainError):
            form.work_date.errors.append(error.message)
            status = 409 if error.status == 409 else 400
            return render_template("bookings/new.html", form=form, worker=worker), status

        def sent(booking: Booking):
            flash(_("Request sent. We will tell you by SMS/WhatsApp when %(name)s answers.",
                    name=worker.display_name), "success")
            return redirect(url_for("bookings.detail", booking_id=booking.id))

        return commit_or_refuse(lambda: services.request_booking(
            worker, booking_request_from(form), actor=current_user, today=today_in_india()),
            done=sent, refused=refused)
    return form_page("bookings/new.html", form, worker=worker)


@bp.route("")
@login_required
def mine():
    page = paginate(queries.list_bookings_of_resident(current_user.id),
                    number=parse_page_number(request.args.get("page")), size=20)
    return render_template("bookings/mine.html", page=page)


@bp.route("/work")
@login_required
def work():
    worker = get_worker_of_user(current_user.id) or abort(404)
    live = db.session.scalars(queries.list_bookings_of_worker(worker.id, live=True)).all()
    past = db.session.scalars(queries.list_bookings_of_worker(worker.id, live=False)
                              .limit(30)).all()
    return render_template("bookings/work.html", worker=worker, live=live, past=past,
                           earnings=queries.earnings_of_worker(worker.id),
                           action_form=EmptyForm())


def _visible(booking_id: int) -> Booking:
    booking = queries.get_booking(booking_id)
    if booking is None or not services.can_view(booking, current_user):
        abort(404)
    return booking


def _accept_refused(booking: Booking) -> str | None:
    """Why the answer form offers no "Accept" (its day has passed), or None."""
    return None if services.may_still_accept(booking) else str(BookingError.DAY_GONE.message)


def _render_detail(booking: Booking, status: int = 200, **forms):
    is_worker = current_user.id == booking.worker.user_id
    is_resident = current_user.id == booking.resident_id
    paid = get_paid_payment_for_booking(booking.id)
    on_work_day = services.has_work_day_come(booking)
    flags = {
        "is_worker": is_worker,
        "phone_to_call": services.phone_to_call(booking, current_user),
        "can_answer": is_worker and may_move(booking, BookingStatus.ACCEPTED),
        "accept_refused": _accept_refused(booking),
        "can_start": is_worker and on_work_day and may_move(booking, BookingStatus.IN_PROGRESS),
        "can_complete": is_worker and on_work_day
        and may_move(booking, BookingStatus.COMPLETED),
        "work_day_ahead": is_worker and not on_work_day
        and may_move(booking, BookingStatus.IN_PROGRESS),
        "can_cancel": booking.is_active,
        "can_confirm_cash": is_worker and booking.is_payable and paid is None,
        "can_confirm_amount": is_resident and booking.status is BookingStatus.COMPLETED
        and booking.proposed_paise is not None,
        "can_review": is_resident and booking.status is BookingStatus.COMPLETED
        and booking.review is None,
        "can_flag_review": is_worker and booking.review is not None
        and not booking.review.is_hidden and booking.review.flagged_by_id is None,
        "can_pay_online": is_resident and booking.is_payable
        and paid is None and stripe_gateway.is_enabled(),
        # services.hide_review asks the same (staff for the booking's sub-division)
        "can_hide_review": is_staff_for(current_user, booking.sub_division_id),
        "paid_in_cash": paid is not None and paid.method is PaymentMethod.CASH,
    }
    forms.setdefault("reason_form", ReasonForm())
    forms.setdefault("complete_form", CompleteForm(
        amount=booking.quote_paise or booking.worker.rate_paise))
    forms.setdefault("review_form", ReviewForm())
    forms.setdefault("flag_form", FlagReviewForm(formdata=None))
    tenant.shows(booking.sub_division_id)
    return render_template("bookings/detail.html", booking=booking, paid=paid,
                           action_form=EmptyForm(), **flags, **forms), status


@bp.route("/<int:booking_id>")
@login_required
def detail(booking_id: int):
    return _render_detail(_visible(booking_id))


def _back_to(booking: Booking, success: str):
    """What a change that went through answers: say so, and back to the booking."""
    return flash_then(success, url_for("bookings.detail", booking_id=booking.id))


def _shown_on(booking: Booking, **forms):
    """What a refused change answers: the booking's page as it is now, saying why."""
    return flash_refusal(lambda error: _render_detail(queries.get_booking(booking.id),
                                                      status=error.status, **forms))


@bp.route("/<int:booking_id>/answer", methods=["POST"])
@login_required
def answer(booking_id: int):
    booking = _visible(booking_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _render_detail(booking, status=400, reason_form=form)
    accept = request.form.get("decision") == "accept"
    return commit_or_refuse(lambda: services.answer_booking(
        booking, accept=accept, actor=current_user, reason=form.reason.data),
        done=_back_to(booking, _("Accepted. The resident has been told.") if accept
                      else _("Declined. The resident has been told.")),
        refused=_shown_on(booking))


@bp.route("/<int:booking_id>/start", methods=["POST"])
@login_required
def start(booking_id: int):
    booking = _visible(booking_id)
    return commit_or_refuse(lambda: services.start_work(booking, actor=current_user),
                            done=_back_to(booking, _("Marked as started.")),
                            refused=_shown_on(booking))


@bp.route("/<int:booking_id>/complete", methods=["POST"])
@login_required
def complete(booking_id: int):
    booking = _visible(booking_id)
    form = CompleteForm()
    if not form.validate_on_submit():
        return _render_detail(booking, status=400, complete_form=form)
    success = (_("Marked as completed. The resident has been asked to pay and rate.")
               if form.amount.paise == booking.quote_paise else
               _("Marked as completed. The resident is asked to confirm the new amount."))
    return commit_or_refuse(
        lambda: services.complete_work(booking, actor=current_user,
                                       amount_paise=form.amount.paise),
        done=_back_to(booking, success), refused=_shown_on(booking))


@bp.route("/<int:booking_id>/amount", methods=["POST"])
@login_required
def confirm_amount(booking_id: int):
    """The resident agrees to (or refuses) the amount the worker changed at completion."""
    booking = _visible(booking_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    accept = request.form.get("decision") == "accept"
    return commit_or_refuse(
        lambda: services.confirm_amount(booking, actor=current_user, accept=accept),
        done=_back_to(booking, _("Thank you. The new amount can be paid now.") if accept
                      else _("The worker has been told; the quoted amount is payable.")),
        refused=_shown_on(booking))


@bp.route("/<int:booking_id>/cancel", methods=["POST"])
@login_required
def cancel(booking_id: int):
    booking = _visible(booking_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _render_detail(booking, status=400, reason_form=form)
    return commit_or_refuse(
        lambda: services.cancel_booking(booking, actor=current_user, reason=form.reason.data),
        done=_back_to(booking, _("The booking is cancelled and the other side has been told.")),
        refused=_shown_on(booking, reason_form=form))


@bp.route("/<int:booking_id>/cash", methods=["POST"])
@login_required
def cash_received(booking_id: int):
    booking = _visible(booking_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return commit_or_refuse(
        lambda: services.confirm_cash_received(booking, actor=current_user),
        done=_back_to(booking, _("Cash payment recorded. Thank you!")),
        refused=_shown_on(booking))


@bp.route("/<int:booking_id>/pay-online", methods=["POST"])
@login_required
def pay_online(booking_id: int):
    booking = _visible(booking_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not stripe_gateway.is_enabled():
        abort(404)
    try:
        return commit_or_refuse(
            lambda: services.pay_online(booking, actor=current_user,
                                        base_url=current_app.config["PUBLIC_BASE_URL"]),
            done=lambda url: redirect(url, code=303), refused=_shown_on(booking))
    except stripe_gateway.GatewayError:
        db.session.rollback()
        flash(_("Online payment is not working right now. Please pay in cash or try later."),
              "error")
        return _render_detail(queries.get_booking(booking.id), status=503)


@bp.route("/<int:booking_id>/review", methods=["POST"])
@login_required
def review(booking_id: int):
    booking = _visible(booking_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_detail(booking, status=400, review_form=form)
    return commit_or_refuse(
        lambda: services.review_booking(booking, author=current_user, rating=form.rating.data,
                                        text=form.text.data),
        done=_back_to(booking, _("Thank you for rating!")),
        refused=_shown_on(booking, review_form=form))


@bp.route("/<int:booking_id>/review/flag", methods=["POST"])
@login_required
def flag_review(booking_id: int):
    """The worker reports the review of this booking as unfair; staff decide in the panel."""
    booking = _visible(booking_id)
    if booking.review is None:
        abort(404)
    if current_user.id != booking.worker.user_id:
        abort(403)
    form = FlagReviewForm()
    if not form.validate_on_submit():
        return _render_detail(booking, status=400, flag_form=form)
    return commit_or_refuse(
        lambda: services.flag_review(booking.review, actor=current_user,
                                     reason=form.flag_reason.data),
        done=_back_to(booking, _("Reported. The SDM office will look at the review.")),
        refused=_shown_on(booking, flag_form=form))


def _answer_page(booking: Booking | None, *, form: ReasonForm | None, error: str | None,
                 status: int):
    may_answer = booking is not None and may_move(booking, BookingStatus.ACCEPTED)
    if booking is not None:
        tenant.shows(booking.sub_division_id)
    return render_template("bookings/answer_link.html", booking=booking, form=form,
                           error=error, may_answer=may_answer,
                           accept_refused=booking and _accept_refused(booking)), status


@bp.route("/answer/<token>", methods=["GET", "POST"])
def answer_by_link(token: str):
    """The link in the worker's SMS/WhatsApp: no sign-in; GET shows, POST decides."""
    found = read_answer_token(token)
    booking = queries.get_booking(found[0]) if found else None
    if booking is None or booking.worker_id != found[1]:
        return _answer_page(None, form=None, error=str(BookingError.LINK_INVALID.message),
                            status=404)
    form = ReasonForm()
    if request.method == "POST" and form.validate_on_submit():
        accept = request.form.get("decision") == "accept"

        def answered(_result: object):
            flash(_("Thank you! The resident has been told."), "success")
            return redirect(url_for("bookings.answer_by_link", token=token))

        return commit_or_refuse(
            lambda: services.answer_booking(booking, accept=accept, actor=booking.worker.user,
                                            reason=form.reason.data),
            done=answered, refused=lambda error: _answer_page(
                booking, form=form, error=error.message, status=error.status))
    status = 400 if form.errors else 200
    return _answer_page(booking, form=form, error=None, status=status)
