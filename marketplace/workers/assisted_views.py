"""Registering a worker at a CSC counter, and the worker's own consent by link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.codes import CodeCheck
from marketplace.accounts.forms import CodeForm
from marketplace.accounts.models import Role
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.phone import display_phone
from marketplace.core.ratelimit import limit_code_checks
from marketplace.core.security import roles_required
from marketplace.core.unit_of_work import commit_or_refuse, form_page
from marketplace.extensions import db
from marketplace.places import tenant
from marketplace.places.queries import get_default_sub_division
from marketplace.workers import assisted, queries
from marketplace.workers.forms import AssistedWorkerForm, ConsentForm
from marketplace.workers.models import WorkerProfile
from marketplace.workers.viewhelpers import (
    fill_profile_choices,
    profile_input_from,
    show_profile_error,
    with_uploaded_photo,
)
from marketplace.workers.views import bp

REGISTRARS = (Role.OPERATOR, Role.STAFF, Role.ADMIN)


def counter_sub_division():
    return current_user.sub_division or get_default_sub_division() or abort(404)


@bp.route("/workers/assisted", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
def assisted_new():
    sub_division = counter_sub_division()
    form = AssistedWorkerForm()
    fill_profile_choices(form, sub_division)
    if form.validate_on_submit():
        def with_photo() -> WorkerProfile:
            return with_uploaded_photo(form, lambda photo: assisted.register_for_worker(
                actor=current_user, sub_division=sub_division, phone=form.phone.e164,
                name=form.display_name.data, language=form.language.data,
                data=profile_input_from(form, photo=photo), today=today_in_india()),
                uploaded_by=current_user)

        def refused(error: DomainError):
            show_profile_error(form, error)
            return render_template("workers/assisted_new.html", form=form), 400

        def registered(profile: WorkerProfile):
            flash(_("A code has been sent to %(phone)s. Ask the worker to read it out.",
                    phone=display_phone(form.phone.e164)), "info")
            return redirect(url_for("workers.assisted_confirm", worker_id=profile.id))

        return commit_or_refuse(with_photo, done=registered, refused=refused)
    return form_page("workers/assisted_new.html", form)


def _counter_profile(worker_id: int):
    profile = queries.get_worker(worker_id) or abort(404)
    if not assisted.may_handle(current_user, profile):
        abort(404)
    return profile


@bp.route("/workers/assisted/<int:worker_id>/confirm", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
@limit_code_checks
def assisted_confirm(worker_id: int):
    profile = _counter_profile(worker_id)
    if not assisted.awaits_consent(profile):
        flash(_("This worker has already given consent."), "info")
        return redirect(url_for("workers.assisted_new"))
    form = CodeForm()
    if form.validate_on_submit():
        result = assisted.confirm_with_code(profile, form.code.data, actor=current_user)
        db.session.commit()
        if result is CodeCheck.OK:
            flash(_("Consent recorded. The profile now waits for approval by the SDM office."),
                  "success")
            # A registration at a drive's camp goes back to the operator's camp page (by its
            # endpoint's name: drives sits above workers and is not imported here).
            return redirect(url_for("drives.today" if profile.camp_id
                                    else "workers.assisted_new"))
        form.code.errors.append(
            _("Too many wrong tries for this code. Ask for a new code.")
            if result is CodeCheck.TOO_MANY_TRIES
            else _("The code is wrong or has expired. Check the message or ask for a new code."))
    return form_page("workers/assisted_confirm.html", form, profile=profile)


@bp.route("/workers/consent/<token>", methods=["GET", "POST"])
def consent(token: str):
    """The link sent to an imported worker: read the notice, agree (no sign-in needed)."""
    worker_id = assisted.read_consent_token(token)
    profile = queries.get_worker(worker_id) if worker_id else None
    if profile is None:
        abort(404)
    tenant.shows(profile.sub_division_id)
    form = ConsentForm()
    if assisted.awaits_consent(profile) and form.validate_on_submit():
        assisted.confirm_by_link(profile)
        db.session.commit()
        flash(_("Thank you! Your profile will be listed once the SDM office approves it."),
              "success")
        return redirect(url_for("workers.consent", token=token))
    return form_page("workers/consent.html", form, profile=profile,
                     awaits_consent=assisted.awaits_consent(profile))
