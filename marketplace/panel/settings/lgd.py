"""Settings: onboard a sub-division from the Local Government Directory's village list
(admins): upload, check the preview, import, then make its staff accounts on the same page."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts.labels import ROLE_LABELS
from marketplace.accounts.models import Role, User
from marketplace.accounts.queries import list_users
from marketplace.accounts.services import add_team_account
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.i18n import localized
from marketplace.core.spreadsheet import to_csv
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.extensions import db
from marketplace.onboarding.services import onboard
from marketplace.panel.settings import bp, require_admin
from marketplace.panel.settings.accounts import ACCOUNT_ERROR_FIELDS
from marketplace.panel.settings.forms import AccountForm, LgdUploadForm
from marketplace.places import lgd
from marketplace.places.errors import LgdError
from marketplace.places.lgd_check import Action, Plan, check_upload
from marketplace.places.lgd_import import save_upload
from marketplace.places.models import LgdUpload, SubDivision
from marketplace.places.queries import get_sub_division, list_sub_divisions

#: rows of each kind the preview lists one by one (the rest: counted, and the CSV of errors)
ROWS_SHOWN = 200
#: the roles an onboarding page makes accounts for
ONBOARDING_ROLES = [Role.STAFF, Role.OPERATOR, Role.DELIVERY]
ACTION_LABELS = {Action.ADD: _l("add"), Action.UPDATE: _l("update"), Action.SAME: _l("as it is")}


def _locale() -> str:
    return str(get_locale())


def _upload_form(form: LgdUploadForm | None = None) -> LgdUploadForm:
    form = form or LgdUploadForm(formdata=None)
    form.defaults_from.choices = [(0, _("nothing: set them later"))] + [
        (s.id, f"{s.code} · {localized(s, 'name', _locale())}")
        for s in db.session.scalars(list_sub_divisions())]
    return form


def _upload_page(form: LgdUploadForm | None = None, status: int = 200):
    return render_template("panel/settings_lgd.html", form=_upload_form(form),
                           columns=lgd.SHOWN_NAMES.values()), status


@bp.route("/lgd")
def lgd_upload():
    require_admin()
    return _upload_page()


@bp.route("/lgd", methods=["POST"])
def lgd_save():
    require_admin()
    form = _upload_form(LgdUploadForm())
    if not form.validate_on_submit():
        return _upload_page(form, 400)
    upload = form.file.data
    if not upload or not getattr(upload, "filename", ""):
        form.file.errors = [*form.file.errors, _("Choose the CSV file.")]
        return _upload_page(form, 400)

    def refused(error: DomainError):
        detail = str(error) if error.code in (LgdError.COLUMNS,
                                              LgdError.SUB_DISTRICT_CHOICE) else ""
        field = form.code if error.code.startswith("sub_division") or \
            error.code == LgdError.CODE_NEEDED else form.file
        field.errors = [*field.errors, f"{error.message} {detail}".strip()]
        return _upload_page(form, error.status)

    return commit_or_refuse(lambda: save_upload(
        upload.read(lgd.MAX_BYTES + 1), upload.filename,
        sub_district_code=lgd.lgd_code(form.sub_district_code.data),
        code=form.code.data, name_hi=form.name_hi.data, district_hi=form.district_hi.data,
        centre=form.centre, defaults_from_id=form.defaults_from.data or None,
        actor_id=current_user.id),
        done=lambda saved: redirect(url_for(".lgd_preview", upload_id=saved.id), 303),
        refused=refused)


def _upload(upload_id: int) -> LgdUpload:
    require_admin()
    return db.session.get(LgdUpload, upload_id) or abort(404)


def _account_form(sub_division: SubDivision, form: AccountForm | None = None) -> AccountForm:
    form = form or AccountForm(formdata=None, data={"role": Role.STAFF.value,
                                                    "sub_division": sub_division.id})
    form.role.choices = [(role.value, ROLE_LABELS[role]) for role in ONBOARDING_ROLES]
    form.sub_division.choices = [(sub_division.id, localized(sub_division, "name",
                                                             _locale()))]
    return form


def _preview_page(upload: LgdUpload, status: int = 200, account_form=None):
    plan: Plan = check_upload(upload)
    sub_division = get_sub_division(upload.sub_division_id) if upload.sub_division_id else None
    team = db.session.scalars(list_users(sub_division_id=sub_division.id)).all() \
        if sub_division else []
    return render_template(
        "panel/settings_lgd_preview.html", upload=upload, plan=plan, Action=Action,
        action_labels=ACTION_LABELS, shown=ROWS_SHOWN, form=EmptyForm(),
        changed=[row for row in plan.good_rows if row.action is not Action.SAME],
        defaults_from=get_sub_division(upload.defaults_from_id)
        if upload.defaults_from_id else None,
        sub_division=sub_division, team=team, role_labels=ROLE_LABELS,
        account_form=_account_form(sub_division, account_form) if sub_division else None
    ), status


@bp.route("/lgd/<int:upload_id>")
def lgd_preview(upload_id: int):
    return _preview_page(_upload(upload_id))


@bp.route("/lgd/<int:upload_id>", methods=["POST"])
def lgd_import(upload_id: int):
    upload = _upload(upload_id)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def imported(result):
        flash(_("Imported: %(added)d villages and wards added, %(updated)d updated, "
                "%(left_out)d rows left out. Now make the sub-division's staff accounts.",
                added=result.counts["villages_added"],
                updated=result.counts["villages_updated"],
                left_out=result.counts["rows_left_out"]), "success")
        return redirect(url_for(".lgd_preview", upload_id=upload.id), 303)

    def refused(error: DomainError):
        flash(error.message, "error")
        return redirect(url_for(".lgd_preview", upload_id=upload.id), 303)

    return commit_or_refuse(lambda: onboard(upload, actor=current_user), done=imported,
                            refused=refused)


@bp.route("/lgd/<int:upload_id>/accounts", methods=["POST"])
def lgd_add_account(upload_id: int):
    upload = _upload(upload_id)
    sub_division = get_sub_division(upload.sub_division_id or 0) or abort(404)
    form = _account_form(sub_division, AccountForm())
    if not form.validate_on_submit():
        return _preview_page(upload, 400, account_form=form)

    def refused(error: DomainError):
        field = getattr(form, ACCOUNT_ERROR_FIELDS.get(error.code, "name"))
        field.errors = [*field.errors, error.message]
        return _preview_page(upload, error.status, account_form=form)

    def made(user: User):
        flash(_("Account made for %(name)s; they have been sent a message.", name=user.name),
              "success")
        return redirect(url_for(".lgd_preview", upload_id=upload.id), 303)

    return commit_or_refuse(lambda: add_team_account(
        phone=form.phone.e164, name=form.name.data, password=form.password.data,
        role=Role(form.role.data), sub_division=sub_division, language=form.language.data,
        actor=current_user), done=made, refused=refused)


@bp.route("/lgd/<int:upload_id>/errors.csv")
def lgd_errors(upload_id: int):
    upload = _upload(upload_id)
    fields = lgd.FIELDS
    report = to_csv(["line", *fields, "errors"], (
        [row.line, *(row.values.get(f, "") for f in fields),
         "; ".join(str(code.message) for code in row.errors)]
        for row in check_upload(upload).bad_rows))
    return Response(report, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=lgd-{upload.id}-errors.csv"})
