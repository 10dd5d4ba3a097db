"""Panel: the sub-division's bookings, helpline bookings for callers, hiding abusive reviews."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.bookings import queries, services
from marketplace.bookings.errors import BookingError
from marketplace.bookings.forms import (
    HelplineBookingForm,
    ReasonForm,
    booking_request_from,
)
from marketplace.bookings.models import Booking
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse, form_page
from marketplace.panel.access import sub_division_scope
from marketplace.places.forms import village_choices
from marketplace.workers.queries import get_review, get_worker

bp = Blueprint("bookings", __name__, url_prefix="/bookings")


@bp.route("")
def index():
    page = paginate(queries.list_bookings_of_sub_division(sub_division_scope()),
                    number=parse_page_number(request.args.get("page")), size=50)
    return render_template("panel/bookings.html", page=page)


@bp.route("/helpline/<int:worker_id>", methods=["GET", "POST"])
def helpline(worker_id: int):
    """Staff take a call and book for a caller who has no account."""
    worker = get_worker(worker_id)
    scope = sub_division_scope()
    if worker is None or not worker.is_listed or (scope is not None
                                                  and worker.sub_division_id != scope):
        abort(404)
    form = HelplineBookingForm()
    form.village.choices = village_choices(worker.sub_division_id)
    if form.validate_on_submit():
        def refused(error: DomainError):
            about_caller = error.code in (BookingError.CALLER_IS_STAFF,
                                          BookingError.CALLER_IS_WORKER, BookingError.CONTACT)
            (form.caller_phone if about_caller else form.work_date).errors.append(error.message)
            return render_template("bookings/new.html", form=form, worker=worker), error.status

        def booked(booking: Booking):
            flash(_("Booked. The caller and the worker have been sent messages."), "success")
            return redirect(url_for("bookings.detail", booking_id=booking.id))

        return commit_or_refuse(lambda: services.request_booking(
            worker, booking_request_from(form), actor=current_user, today=today_in_india(),
            caller_name=form.caller_name.data, caller_phone=form.caller_phone.e164,
            caller_language=form.caller_language.data), done=booked, refused=refused)
    return form_page("bookings/new.html", form, worker=worker)


@bp.route("/reviews/<int:review_id>/hide", methods=["POST"])
def hide_review(review_id: int):
    review = get_review(review_id) or abort(404)
    scope = sub_division_scope()
    if scope is not None and review.booking.sub_division_id != scope:
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    booking_page = url_for("bookings.detail", booking_id=review.booking_id)

    def refused(error: DomainError):
        flash(error.message, "error")
        return redirect(booking_page), 303

    def hidden(_result: object):
        flash(_("The review is hidden."), "success")
        return redirect(booking_page)

    return commit_or_refuse(
        lambda: services.hide_review(review, actor=current_user, reason=form.reason.data),
        done=hidden, refused=refused)
