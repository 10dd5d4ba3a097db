"""The operator's side of a drive: today's camps on a phone, and registering a worker at
one (the counter's assisted registration, counted to the camp)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.phone import display_phone
from marketplace.core.security import roles_required
from marketplace.core.unit_of_work import commit_or_refuse, form_page
from marketplace.drives import queries, services
from marketplace.drives.errors import DriveError
from marketplace.drives.labels import CAMP_STATUS_LABELS
from marketplace.drives.models import Camp
from marketplace.places.queries import get_sub_division
from marketplace.workers.forms import AssistedWorkerForm, ImportUploadForm
from marketplace.workers.models import WorkerProfile
from marketplace.workers.viewhelpers import (
    fill_profile_choices,
    profile_input_from,
    show_profile_error,
    with_uploaded_photo,
)

bp = Blueprint("drives", __name__, url_prefix="/drives")


@bp.route("/today")
@roles_required(Role.OPERATOR)
def today():
    """The camps the operator is assigned to today, with how many are registered there."""
    day = today_in_india()
    camps = queries.list_camps_of_operator(current_user.id, day)
    return render_template("drives/today.html", camps=camps, day=day,
                           counts=queries.count_by_camps([camp.id for camp in camps]),
                           mine=queries.count_of_operator(
                               current_user.id, sorted({camp.drive_id for camp in camps})),
                           status_labels=CAMP_STATUS_LABELS,
                           refusals={camp.id: services.may_register_at(current_user, camp, day)
                                     for camp in camps})


def _camp_of_sub_division(camp_id: int) -> Camp:
    """A camp of the operator's own sub-division; another's does not exist for them."""
    camp = queries.get_camp(camp_id)
    if camp is None or camp.sub_division_id != current_user.sub_division_id:
        abort(404)
    return camp


@bp.route("/camps/<int:camp_id>/register", methods=["GET", "POST"])
@roles_required(Role.OPERATOR)
def register(camp_id: int):
    camp = _camp_of_sub_division(camp_id)
    day = today_in_india()
    refused_already = services.may_register_at(current_user, camp, day)
    if refused_already is not None:
        status = 403 if refused_already is DriveError.NOT_ASSIGNED else 409
        return render_template("drives/register.html", camp=camp, form=None,
                               refusal=refused_already.message), status
    form = AssistedWorkerForm()
    fill_profile_choices(form, get_sub_division(camp.sub_division_id))
    if form.validate_on_submit():
        def with_photo() -> WorkerProfile:
            return with_uploaded_photo(form, lambda photo: services.register_at_camp(
                camp, actor=current_user, phone=form.phone.e164,
                name=form.display_name.data, language=form.language.data,
                data=profile_input_from(form, photo=photo), today=day),
                uploaded_by=current_user)

        def refused(error: DomainError):
            if isinstance(error.code, DriveError):
                flash(error.message, "error")
            else:
                show_profile_error(form, error)
            return render_template("drives/register.html", camp=camp, form=form)

        def registered(profile: WorkerProfile):
            flash(_("A code has been sent to %(phone)s. Ask the worker to read it out.",
                    phone=display_phone(form.phone.e164)), "info")
            return redirect(url_for("workers.assisted_confirm", worker_id=profile.id))

        return commit_or_refuse(with_photo, done=registered, refused=refused)
    return form_page("drives/register.html", form, camp=camp, refusal=None)


@bp.route("/camps/<int:camp_id>/import", methods=["GET", "POST"])
@roles_required(Role.OPERATOR)
def import_list(camp_id: int):
    """A skill-mapping list collected at the camp: checked row by row on the import's own
    preview, and each worker it imports counted to the camp."""
    camp = _camp_of_sub_division(camp_id)
    refused_already = services.may_register_at(current_user, camp, today_in_india())
    if refused_already is not None:
        status = 403 if refused_already is DriveError.NOT_ASSIGNED else 409
        return render_template("workers/import_upload.html", camp=camp, form=None,
                               refusal=refused_already.message), status
    form = ImportUploadForm()
    if form.validate_on_submit() and (upload := form.chosen_file()) is not None:
        def refused(error: DomainError):
            form.file.errors.append(error.message)
            return render_template("workers/import_upload.html", form=form, camp=camp)

        return commit_or_refuse(
            lambda: services.upload_at_camp(camp, form.read, upload.filename,
                                            actor=current_user, today=today_in_india()),
            done=lambda batch: redirect(url_for("workers.import_preview", batch_id=batch.id)),
            refused=refused)
    return form_page("workers/import_upload.html", form, camp=camp)
