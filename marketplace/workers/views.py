"""Public directory, profile page and contact; a worker's own registration and dashboard."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from marketplace.accounts.access import is_staff_for, may_book, may_buy, may_see_unlisted
from marketplace.accounts.models import Role
from marketplace.core import freshness
from marketplace.core.caching import cached_for_visitors
from marketplace.core.connections import reads_only
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.fragments import form_key
from marketplace.core.pagination import position_from, seek, without_paging
from marketplace.core.unit_of_work import commit_or_refuse, flash_then, form_page
from marketplace.extensions import limiter
from marketplace.places import tenant
from marketplace.places.forms import remember_searched_village
from marketplace.places.queries import get_sub_division
from marketplace.workers import queries, reference, services
from marketplace.workers.cards import also_serves, card_context
from marketplace.workers.forms import (
    LANGUAGE_LABELS,
    AvailabilityForm,
    DeleteProfileForm,
    SearchForm,
    WorkerProfileForm,
)
from marketplace.workers.labels import (
    AVAILABILITY_LABELS,
    STATUS_LABELS,
    UNIT_LABELS,
)
from marketplace.workers.models import Availability, WorkerProfile
from marketplace.workers.viewhelpers import (
    fill_profile_choices,
    fill_search_menus,
    profile_input_from,
    search_filters_from,
    show_profile_error,
    with_uploaded_photo,
)

bp = Blueprint("workers", __name__)
PAGE_SIZE = 20


@bp.app_context_processor
def worker_labels():
    return {"unit_labels": UNIT_LABELS, "availability_labels": AVAILABILITY_LABELS,
            "status_labels": STATUS_LABELS, "language_labels": LANGUAGE_LABELS}


tenant.keep_old_address(bp, "/workers", "workers.search")
tenant.keep_old_address(bp, "/workers/<int:worker_id>", "workers.profile", queries.get_worker)


def _remember_village() -> None:
    """What a search does besides its page (on a customer's hit on the kept page, which
    skips the view): a signed-in person's village is noted."""
    form = _read_search(without_paging(request.args), tenant.current().id,
                        str(get_locale()))[0]
    remember_searched_village(current_user, form.village.data)


# Its cards are the same for every reader: customers share the kept page (with their header).
@bp.route("/<code:code>/workers")
@cached_for_visitors(shared_with=may_buy, on_shared_hit=_remember_village)
@reads_only
def search():
    sub_division_id = tenant.current().id
    locale = str(get_locale())
    args = without_paging(request.args)
    form, villages, filters, filter_key = _read_search(args, sub_division_id, locale)
    today = today_in_india()
    remember_searched_village(current_user, form.village.data)
    term_index = reference.term_index() if filters.text.strip() else None
    page = seek(queries.search_workers(filters, today=today, term_index=term_index),
                position_from(request.args), size=PAGE_SIZE)
    return render_template("workers/search.html", form=form, page=page, filter_key=filter_key,
                           query_args=args.to_dict(flat=False),
                           **card_context(page.items, villages=villages, origin=filters.origin,
                                          today=today, locale=locale, here=sub_division_id))


def _read_search(args: MultiDict, sub_division_id: int, locale: str) -> tuple:
    """The search form made from `args` (the page's but its paging), its menus, the filters
    it gives and its kept fragment's key: the same for the same arguments, so kept per process
    while the data version holds (core/freshness.py), as the statement they lead to is.
    Making and checking the form cost a tenth of the page; nothing changes it afterwards
    (the page only prints it)."""
    def read() -> tuple:
        form = SearchForm(args)
        villages = fill_search_menus(form, sub_division_id, locale)
        return (form, villages, search_filters_from(form, sub_division_id, villages),
                form_key(form, args, leave_out=("q",)))

    return freshness.remembered(
        ("worker search form", sub_division_id, locale, tuple(args.items(multi=True))), read)


@bp.route("/<code:code>/workers/<int:worker_id>")
@cached_for_visitors
@reads_only
def profile(worker_id: int):
    worker = queries.get_worker(worker_id) or abort(404)
    if not worker.is_listed and not may_see_unlisted(current_user, worker.sub_division_id,
                                                     owner_user_ids=(worker.user_id,)):
        abort(404)
    here = tenant.current().id
    # Listed here too (a neighbour's worker, workers/neighbours.py): this is its page here.
    if not (here != worker.sub_division_id and worker.is_listed
            and queries.is_also_listed_in(worker.id, here)):
        if moved := tenant.moved_here(worker.sub_division_id):
            return moved
    return _render_profile(worker, phone=None, here=here)


def _render_profile(worker: WorkerProfile, *, phone: str | None, status: int = 200,
                    here: int | None = None):
    rate_card = queries.get_rate_card(worker.sub_division_id, worker.main_category_id)
    signed_in = current_user.is_authenticated
    # The booking buttons follow the rules of the pages they lead to: bookings.new (may_book;
    # the worker themself is refused) and the panel's helpline booking (staff for the
    # worker's sub-division, as bookings.services.request_booking checks).
    is_own = signed_in and current_user.id == worker.user_id
    return render_template(
        "workers/profile.html", worker=worker, phone=phone, rate_card=rate_card,
        also_serves=also_serves(worker, here, str(get_locale())) if here is not None else "",
        reveal_form=EmptyForm(), reviews=queries.list_visible_reviews(worker.id),
        availability=queries.availability_on(worker, today_in_india()),
        may_book=worker.is_listed and may_book(current_user) and not is_own,
        may_book_for_caller=worker.is_listed and signed_in
        and is_staff_for(current_user, worker.sub_division_id)), status


@bp.route("/workers/<int:worker_id>/phone", methods=["POST"])
@login_required
@limiter.shared_limit(services.REVEAL_LIMITS, scope=services.REVEAL_SCOPE,
                      key_func=lambda: f"reveal:{current_user.id}")
def reveal_phone(worker_id: int):
    """Show the number to a signed-in person and record it (rate-limited against scraping)."""
    worker = queries.get_worker(worker_id) or abort(404)
    if not worker.is_listed:
        abort(404)

    def refused(error: DomainError):
        flash(error.message, "error")
        return _render_profile(worker, phone=None, status=403)

    return commit_or_refuse(lambda: services.reveal_contact(worker, viewer=current_user),
                            done=lambda _result: _render_profile(worker, phone=worker.user.phone),
                            refused=refused)


@bp.route("/workers/register", methods=["GET", "POST"])
@login_required
def register():
    if queries.get_worker_of_user(current_user.id):
        return redirect(url_for("workers.dashboard"))
    if current_user.role not in (Role.RESIDENT, Role.WORKER):
        abort(403)
    sub_division = tenant.joined()
    form = WorkerProfileForm()
    if request.method == "GET":
        form.display_name.data = current_user.name
    fill_profile_choices(form, sub_division)
    if form.validate_on_submit():
        def with_photo() -> WorkerProfile:
            return with_uploaded_photo(form, lambda photo: services.register_worker(
                current_user, profile_input_from(form, photo=photo), sub_division=sub_division,
                actor=current_user, today=today_in_india()), uploaded_by=current_user)

        def refused(error: DomainError):
            show_profile_error(form, error)
            return render_template("workers/register.html", form=form), 400

        registered = flash_then(_("Thank you! Your profile will be listed once the SDM office "
                                  "approves it."),
                                lambda worker: tenant.url_in(
                                    worker.sub_division_id, "workers.profile", worker_id=worker.id))

        return commit_or_refuse(with_photo, done=registered, refused=refused)
    return form_page("workers/register.html", form)


def _own_worker() -> WorkerProfile:
    worker = queries.get_worker_of_user(current_user.id)
    if worker is None:
        abort(404)
    return worker


@bp.route("/workers/me")
@login_required
def dashboard():
    worker = queries.get_worker_of_user(current_user.id)
    if worker is None:
        return redirect(url_for("workers.register"))
    form = AvailabilityForm(availability=worker.availability.value,
                            available_from=worker.available_from)
    return render_template("workers/dashboard.html", worker=worker, availability_form=form)


@bp.route("/workers/me/edit", methods=["GET", "POST"])
@login_required
def edit():
    worker = _own_worker()
    form = WorkerProfileForm()
    if request.method == "GET":
        _fill_from(form, worker)
    fill_profile_choices(form, get_sub_division(worker.sub_division_id))
    if form.validate_on_submit():
        def with_photo() -> bool:
            return with_uploaded_photo(form, lambda photo: services.update_worker(
                worker, profile_input_from(form, worker, photo=photo), actor=current_user,
                today=today_in_india()), uploaded_by=current_user)

        def refused(error: DomainError):
            show_profile_error(form, error)
            return render_template("workers/edit.html", form=form, worker=worker), 400

        def saved(waiting: bool):
            flash(_("Saved. Changes to name, photo, work or skills are shown after the SDM "
                    "office checks them.") if waiting else _("Saved."), "success")
            return redirect(url_for("workers.dashboard"))

        return commit_or_refuse(with_photo, done=saved, refused=refused)
    return form_page("workers/edit.html", form, worker=worker)


def _fill_from(form: WorkerProfileForm, worker: WorkerProfile) -> None:
    waiting = worker.pending_changes or {}
    form.display_name.data = waiting.get("display_name", worker.display_name)
    form.main_category.data = waiting.get("main_category_id", worker.main_category_id)
    form.other_categories.data = waiting.get("other_category_ids",
                                             [c.id for c in worker.other_categories])
    form.skills.data = waiting.get("skills", worker.skills)
    form.experience_years.data = worker.experience_years
    form.languages.data = worker.languages.split(",")
    form.rate.data = worker.rate_paise
    form.rate_unit.data = worker.rate_unit.value
    form.home_village.data = worker.home_village_id
    form.service_radius_km.data = worker.service_radius_km
    form.service_villages.data = [v.id for v in worker.service_villages]
    form.availability.data = worker.availability.value
    form.available_from.data = worker.available_from
    form.eshram_uan.data = worker.eshram_uan or ""
    form.hide_phone.data = worker.hide_phone
    form.on_posters.data = worker.on_posters


@bp.route("/workers/me/availability", methods=["POST"])
@login_required
def set_availability():
    worker = _own_worker()
    form = AvailabilityForm()
    if form.validate_on_submit():
        def refused(error: DomainError):
            flash(error.message, "error")
            return render_template("workers/dashboard.html", worker=worker,
                                   availability_form=form), 400

        saved = flash_then(_("Availability saved."), url_for("workers.dashboard"))

        return commit_or_refuse(lambda: services.set_availability(
            worker, Availability(form.availability.data), form.available_from.data,
            today=today_in_india()), done=saved, refused=refused)
    return render_template("workers/dashboard.html", worker=worker,
                           availability_form=form), 400


@bp.route("/workers/leave", methods=["GET", "POST"])
@login_required
def delete_profile():
    """Withdraw consent: live bookings are cancelled (bookings listens, see
    services.on_withdrawal), the profile and its photo erased."""
    worker = _own_worker()
    form = DeleteProfileForm()
    if form.validate_on_submit():
        def refused(error: DomainError):
            flash(error.message, "error")
            return redirect(url_for("workers.dashboard")), 303

        def withdrawn(_result: object):
            flash(_("Your worker profile is deleted and your details are erased."), "success")
            return redirect(url_for("main.home"))

        return commit_or_refuse(lambda: services.withdraw_worker(worker, actor=current_user),
                                done=withdrawn, refused=refused)
    return form_page("workers/delete.html", form, worker=worker)

