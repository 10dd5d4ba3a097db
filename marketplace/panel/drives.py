"""Panel: registration drives of the sub-division: the list, a new drive and its edit (with
the targets per block and partner), the drive's page (progress per day, the gap, the run
rate needed, its camps), its CSV, and the sub-division's partners."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from marketplace.accounts.access import is_staff_for
from marketplace.core.db import today_in_india, utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import named_choices
from marketplace.core.i18n import by_name, localized
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.spreadsheet import to_csv
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.drives import queries, services
from marketplace.drives.forms import (
    DriveForm,
    OperatorPartnerForm,
    PartnerForm,
    parse_targets,
    version_of,
)
from marketplace.drives.labels import CAMP_STATUS_LABELS, PARTNER_KIND_LABELS
from marketplace.drives.models import CampStatus, Drive
from marketplace.drives.progress import drive_progress, ranked_partners
from marketplace.drives.review import review_of
from marketplace.extensions import db
from marketplace.panel.access import sub_division_scope, working_sub_division
from marketplace.panel.camps import camp_error_field, camp_form_for, partner_choices
from marketplace.places.queries import get_sub_division, list_blocks
from marketplace.reports.charts import Bar, bar_chart, column_chart
from marketplace.workers import reference
from marketplace.workers.labels import STATUS_LABELS as WORKER_STATUS_LABELS

bp = Blueprint("drives", __name__, url_prefix="/drives")


def own_drive(drive_id: int) -> Drive:
    """The drive if the signed-in staff member works for its sub-division; else 404 (another
    sub-division's drives do not exist for them)."""
    drive = queries.get_drive(drive_id)
    if drive is None or not is_staff_for(current_user, drive.sub_division_id):
        abort(404)
    return drive


@bp.route("")
def index():
    page = paginate(queries.list_drives(sub_division_scope()),
                    number=parse_page_number(request.args.get("page")), size=50)
    return render_template("panel/drives.html", page=page, today=today_in_india())


# The drive's form: its fields and the targets grid.

def _grid(sub_division_id: int) -> tuple[list, list]:
    locale = str(get_locale())
    return (by_name(db.session.scalars(list_blocks(sub_division_id)), locale),
            by_name(queries.list_partners(sub_division_id), locale))


def _drive_form_page(form: DriveForm, sub_division, *, drive: Drive | None, values: dict,
                     errors: dict | None = None, status: int = 200):
    blocks, partners = _grid(sub_division.id)
    messages = sorted({str(code.message) for code in (errors or {}).values()})
    return render_template("panel/drive_form.html", form=form, drive=drive, blocks=blocks,
                           partners=partners, values=values, errors=errors or {},
                           messages=messages, sub_division=sub_division,
                           kind_labels=PARTNER_KIND_LABELS), status


def _new_form() -> DriveForm:
    form = DriveForm()
    form.categories.choices = named_choices(reference.categories(), str(get_locale()),
                                            keep_order=True)
    return form


def _save(form: DriveForm, sub_division, drive: Drive | None):
    """Check the targets grid, then create or update the drive (one service, one commit)."""
    blocks, partners = _grid(sub_division.id)
    targets = parse_targets(request.form, block_ids=[b.id for b in blocks],
                            partner_ids=[p.id for p in partners])
    if targets.errors:
        return _drive_form_page(form, sub_division, drive=drive, values=targets.raw,
                                errors=targets.errors, status=400)
    data = services.DriveInput(form.name_en.data, form.starts_on.data, form.ends_on.data,
                               targets.blocks, targets.partners, list(form.categories.data),
                               name_hi=form.name_hi.data)
    if drive is None:
        def change():
            return services.create_drive(sub_division, data, actor=current_user)
    else:
        version = version_of(form)
        if version is None:
            abort(400)

        def change():
            return services.update_drive(drive, data, expected_version=version,
                                         actor=current_user)

    def refused(error: DomainError):
        if error.status == 409 and drive is not None:
            # Changed meanwhile: show the drive as it is now, with the message, so that
            # nothing is saved over the other person's edit without them seeing it.
            flash(error.message, "error")
            db.session.expire_all()
            return _edit_page(drive, _new_form(), fill=True, status=409)
        return _drive_form_page(form, sub_division, drive=drive, values=targets.raw,
                                errors={"": error.code}, status=error.status)

    return commit_or_refuse(change, refused=refused, done=flash_then(
        _("The drive is saved."), lambda saved: url_for("panel.drives.show",
                                                         drive_id=saved.id)))


@bp.route("/new", methods=["GET", "POST"])
def new():
    sub_division = working_sub_division()
    form = _new_form()
    if form.validate_on_submit():
        return _save(form, sub_division, None)
    return _drive_form_page(form, sub_division, drive=None, values={},
                            status=400 if form.errors else 200)


def _edit_page(drive: Drive, form: DriveForm, *, fill: bool, status: int = 200):
    if fill:
        form.name_en.data, form.name_hi.data, form.starts_on.data, form.ends_on.data = (
            drive.name_en, drive.name_hi, drive.starts_on, drive.ends_on)
        form.categories.data = [category.id for category in drive.categories]
        form.version.data = str(drive.version)
    values = {f"{'block' if t.block_id else 'partner'}-{t.block_id or t.partner_id}":
              str(t.target) for t in queries.list_targets(drive.id)}
    return _drive_form_page(form, get_sub_division(drive.sub_division_id), drive=drive,
                            values=values, status=status)


@bp.route("/<int:drive_id>/edit", methods=["GET", "POST"])
def edit(drive_id: int):
    drive = own_drive(drive_id)
    form = _new_form()
    if form.validate_on_submit():
        return _save(form, get_sub_division(drive.sub_division_id), drive)
    return _edit_page(drive, form, fill=request.method == "GET",
                      status=400 if form.errors else 200)


# The drive's page and its CSV.

def _progress(drive: Drive):
    return drive_progress(drive, queries.list_targets(drive.id),
                          queries.count_registrations(drive.id), today_in_india())


def _charts(progress) -> dict:
    locale = str(get_locale())

    def bars(rows):
        return [Bar(localized(row, "name", locale), row.done, target=row.target,
                    text=_("%(count)d of %(target)d", count=row.done, target=row.target))
                for row in rows]

    return {
        "blocks": bar_chart(bars(progress.blocks), title=_("Registrations by block against "
                                                           "the targets"),
                            chart_id="chart-drive-blocks"),
        "partners": bar_chart(bars(progress.partners), title=_("Registrations by partner "
                                                               "against the targets"),
                              chart_id="chart-drive-partners"),
        "days": column_chart([Bar(format_date(day, "d MMM"), count) for day, count
                              in zip(progress.days.all, progress.total.per_day, strict=True)],
                             title=_("Registrations day by day"), chart_id="chart-drive-days"),
    }


def render_drive(drive: Drive, camp_form=None, status: int = 200):
    progress = _progress(drive)
    camps = queries.list_camps(drive.id)
    return render_template(
        "panel/drive.html", drive=drive, progress=progress, charts=_charts(progress),
        camps=camps, camp_form=camp_form or camp_form_for(drive), today=today_in_india(),
        operators=progress.operators,
        partner_ranking=ranked_partners(progress.operators,
                                        queries.list_partners_of_operators(
                                            drive.sub_division_id)),
        status_labels=CAMP_STATUS_LABELS), status


@bp.route("/<int:drive_id>")
def show(drive_id: int):
    return render_drive(own_drive(drive_id))


@bp.route("/<int:drive_id>/progress.csv")
def progress_csv(drive_id: int):
    """One row per day and target: the day's registrations, the running total, the target."""
    drive = own_drive(drive_id)
    progress, locale = _progress(drive), str(get_locale())
    header = [_("Date"), _("Block or partner"), _("Registrations that day"),
              _("Registrations so far"), _("Target")]
    rows = [[day.isoformat(), localized(row, "name", locale), count, so_far, row.target]
            for row in progress.rows
            for day, count, so_far in zip(progress.days.all, row.per_day, row.cumulative,
                                          strict=True)]
    rows += [[day.isoformat(), _("All registrations"), count, so_far, progress.total.target]
             for day, count, so_far in zip(progress.days.all, progress.total.per_day,
                                           progress.total.cumulative, strict=True)]
    return Response(to_csv(header, rows), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=drive-{drive.id}-progress.csv"})


# The weekly review meeting's paper (A4) and its CSV.

def _review(drive: Drive):
    return review_of(drive, today=today_in_india(), now=utcnow())


@bp.route("/<int:drive_id>/review")
def review(drive_id: int):
    return render_template("panel/drive_review.html", review=_review(own_drive(drive_id)),
                           statuses=CampStatus, worker_status_labels=WORKER_STATUS_LABELS)


@bp.route("/<int:drive_id>/review.csv")
def review_csv(drive_id: int):
    """One row per target: registrations, target, gap, needed per day, camps by status."""
    drive = own_drive(drive_id)
    data, locale = _review(drive), str(get_locale())
    header = [_("Block or partner"), _("Registrations"), _("Target"), _("Gap"),
              _("Needed per day"), _("Camps held"), _("Camps still to hold"),
              _("Camps cancelled")]
    rows = []
    for row in data.progress.rows:
        camps = data.camps_of(row)
        rows.append([localized(row, "name", locale), row.done, row.target, row.gap,
                     "" if row.needed_per_day is None else row.needed_per_day,
                     camps[CampStatus.HELD], camps[CampStatus.PLANNED] + camps[CampStatus.MOVED],
                     camps[CampStatus.CANCELLED]])
    return Response(to_csv(header, rows), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=drive-{drive.id}-review.csv"})


# Partners of the sub-division.

def _operator_form(sub_division, formdata=None) -> OperatorPartnerForm:
    form = OperatorPartnerForm(formdata=formdata)
    form.operator.choices = [SelectChoice(o.id, o.name)
                             for o in queries.list_operators(sub_division.id)]
    form.partner.choices = partner_choices(sub_division.id)
    return form


def _partners_page(sub_division, form: PartnerForm, operator_form: OperatorPartnerForm,
                   status: int | None = None):
    failed = form.errors or operator_form.errors
    return render_template(
        "panel/drive_partners.html", form=form, operator_form=operator_form,
        partners=by_name(queries.list_partners(sub_division.id), str(get_locale())),
        operators=queries.list_operators(sub_division.id),
        partner_of=queries.list_partners_of_operators(sub_division.id),
        kind_labels=PARTNER_KIND_LABELS), status or (400 if failed else 200)


@bp.route("/partners", methods=["GET", "POST"])
def partners():
    sub_division = working_sub_division()
    form = PartnerForm()
    operator_form = _operator_form(sub_division, formdata=None)
    if form.validate_on_submit():
        def refused(error: DomainError):
            form.name_en.errors.append(error.message)
            return _partners_page(sub_division, form, operator_form, error.status)

        return commit_or_refuse(
            lambda: services.add_partner(sub_division, kind=form.kind.data,
                                         name_en=form.name_en.data, name_hi=form.name_hi.data,
                                         actor=current_user),
            refused=refused, done=flash_then(_("The partner is added."),
                                             url_for("panel.drives.partners")))
    return _partners_page(sub_division, form, operator_form)


@bp.route("/partners/operators", methods=["POST"])
def operator_partner():
    """Which partner a CSC operator works for (the partners page's second form)."""
    sub_division = working_sub_division()
    operator_form = _operator_form(sub_division, formdata=request.form)
    if not operator_form.validate_on_submit():
        return _partners_page(sub_division, PartnerForm(formdata=None), operator_form)

    def refused(error: DomainError):
        operator_form.operator.errors.append(error.message)
        return _partners_page(sub_division, PartnerForm(formdata=None), operator_form,
                              error.status)

    return commit_or_refuse(
        lambda: services.set_operator_partner(sub_division, operator_form.operator.data,
                                              operator_form.partner.data, actor=current_user),
        refused=refused, done=flash_then(_("Saved: the operator's registrations count to "
                                           "that partner."), url_for("panel.drives.partners")))


@bp.route("/<int:drive_id>/camps", methods=["POST"])
def plan_camp(drive_id: int):
    """A camp of this drive, from the form on the drive's page (shown again there with its
    errors and 400 when refused)."""
    drive = own_drive(drive_id)
    form = camp_form_for(drive)
    if not form.validate_on_submit():
        return render_drive(drive, camp_form=form, status=400)
    data = services.CampInput(held_on=form.held_on.data, village_id=form.village.data,
                              operator_ids=list(form.operators.data),
                              partner_id=form.partner.data,
                              expected_footfall=form.expected_footfall.data or 0)

    def refused(error: DomainError):
        field = camp_error_field(form, error.code)
        field.errors = [*field.errors, error.message]
        return render_drive(drive, camp_form=form, status=error.status)

    return commit_or_refuse(
        lambda: services.plan_camp(drive, data, actor=current_user, today=today_in_india()),
        refused=refused,
        done=flash_then(_("The camp is planned."),
                        lambda camp: url_for("panel.camps.show", camp_id=camp.id)))
