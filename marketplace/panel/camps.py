"""Panel: a drive's camps: the form that plans one (on the drive's page), a camp's page with
what came of it (registrations, approvals pending, rejected with reasons), and marking it
held, cancelling or moving it (its operators are told)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from marketplace.accounts.access import is_staff_for
from marketplace.core.db import today_in_india
from marketplace.core.forms import EmptyForm, flash_form_errors, named_choices
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then
from marketplace.drives import queries, services
from marketplace.drives.errors import DriveError
from marketplace.drives.forms import CampForm, CancelCampForm, MoveCampForm
from marketplace.drives.labels import CAMP_STATUS_LABELS
from marketplace.drives.models import Camp, Drive
from marketplace.drives.workflow import CAMPS, OPEN
from marketplace.places.forms import village_choices
from marketplace.workers.labels import STATUS_LABELS as WORKER_STATUS_LABELS
from marketplace.workers.models import WorkerStatus

bp = Blueprint("camps", __name__, url_prefix="/camps")


def partner_choices(sub_division_id: int) -> list[SelectChoice]:
    """A menu of the sub-division's partners, in the reader's language, after "No partner"."""
    return [SelectChoice("", _("No partner")), *named_choices(
        queries.list_partners(sub_division_id), str(get_locale()))]


def camp_form_for(drive: Drive, form: CampForm | None = None) -> CampForm:
    """The plan-a-camp form with the drive's sub-division's villages, partners, operators."""
    form = form or CampForm()
    form.village.choices = village_choices(drive.sub_division_id, to_choose=True)
    form.partner.choices = partner_choices(drive.sub_division_id)
    form.operators.choices = [SelectChoice(operator.id, operator.name)
                              for operator in queries.list_operators(drive.sub_division_id)]
    return form


def camp_error_field(form: CampForm, code):
    """The field of the plan-a-camp form that a refusal belongs to (default: the date)."""
    return {DriveError.CAMP_DATE: form.held_on, DriveError.CAMP_DAY_PAST: form.held_on,
            DriveError.CAMP_VILLAGE: form.village,
            DriveError.PARTNER: form.partner, DriveError.CAMP_OPERATORS: form.operators,
            DriveError.FOOTFALL: form.expected_footfall}.get(code, form.held_on)


def own_camp(camp_id: int) -> Camp:
    camp = queries.get_camp(camp_id)
    if camp is None or not is_staff_for(current_user, camp.sub_division_id):
        abort(404)
    return camp


def _page(camp: Camp, *, cancel_form=None, move_form=None, status: int = 200):
    move_form = move_form or MoveCampForm()
    move_form.village.choices = village_choices(camp.sub_division_id, to_choose=True)
    return render_template(
        "panel/drive_camp.html", camp=camp, drive=camp.drive,
        counts=queries.count_camp_statuses(camp.id),
        registrations=queries.list_camp_registrations(camp.id),
        status_labels=CAMP_STATUS_LABELS, worker_status_labels=WORKER_STATUS_LABELS,
        counted_statuses=[s for s in WorkerStatus if s is not WorkerStatus.WITHDRAWN],
        is_open=camp.status in OPEN,
        may_hold=(CAMPS.allows(camp.status, camp.status.HELD)
                  and services.has_camp_day_come(camp, today_in_india())),
        held_form=EmptyForm(), cancel_form=cancel_form or CancelCampForm(),
        move_form=move_form, locale=str(get_locale())), status


@bp.route("/<int:camp_id>")
def show(camp_id: int):
    return _page(own_camp(camp_id))


def _back(camp: Camp):
    return url_for("panel.camps.show", camp_id=camp.id)


@bp.route("/<int:camp_id>/held", methods=["POST"])
def held(camp_id: int):
    camp = own_camp(camp_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return commit_or_refuse(lambda: services.mark_held(camp, actor=current_user,
                                                       today=today_in_india()),
                            done=flash_then(_("The camp is marked as held."), _back(camp)),
                            refused=flash_refusal(lambda _error: _page(camp)[0]))


@bp.route("/<int:camp_id>/cancel", methods=["POST"])
def cancel(camp_id: int):
    camp = own_camp(camp_id)
    form = CancelCampForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _page(camp, cancel_form=form, status=400)
    return commit_or_refuse(
        lambda: services.cancel_camp(camp, actor=current_user, reason=form.reason.data),
        done=flash_then(_("The camp is cancelled and its operators have been told."),
                        _back(camp)),
        refused=flash_refusal(lambda _error: _page(camp, cancel_form=form)[0]))


@bp.route("/<int:camp_id>/move", methods=["POST"])
def move(camp_id: int):
    camp = own_camp(camp_id)
    form = MoveCampForm()
    form.village.choices = village_choices(camp.sub_division_id, to_choose=True)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _page(camp, move_form=form, status=400)

    return commit_or_refuse(
        lambda: services.move_camp(camp, held_on=form.held_on.data,
                                   village_id=form.village.data, actor=current_user,
                                   reason=form.reason.data, today=today_in_india()),
        done=flash_then(_("The camp is moved and its operators have been told."),
                        _back(camp)),
        refused=flash_refusal(lambda _error: _page(camp, move_form=form)[0]))
