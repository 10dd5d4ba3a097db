"""Upload a skill-mapping CSV, see every row checked, import the good rows once."""

from __future__ import annotations

from operator import attrgetter

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import may_handle_registration
from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.security import roles_required
from marketplace.core.spreadsheet import to_csv
from marketplace.core.unit_of_work import commit_or_refuse, form_page
from marketplace.extensions import db
from marketplace.places.models import SubDivision
from marketplace.workers import importing
from marketplace.workers.assisted_views import REGISTRARS, counter_sub_division
from marketplace.workers.forms import ImportUploadForm
from marketplace.workers.models import ImportBatch
from marketplace.workers.views import bp

#: rows left out that the page after an import lists one by one (the rest: errors.csv)
MAX_REASONS_SHOWN = 10


@bp.route("/workers/import/template.csv")
@roles_required(*REGISTRARS)
def import_template():
    return Response(to_csv(importing.COLUMNS, importing.TEMPLATE_ROWS), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=workers-template.csv"})


@bp.route("/workers/import", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
def import_upload():
    sub_division = counter_sub_division()
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.chosen_file()
        if upload is not None:
            def save() -> ImportBatch:
                return importing.save_batch(form.read(), upload.filename,
                                            sub_division=sub_division, actor=current_user)

            def refused(error: DomainError):
                form.file.errors.append(error.message)
                return render_template("workers/import_upload.html", form=form), 400

            return commit_or_refuse(save, done=lambda batch: redirect(
                url_for("workers.import_preview", batch_id=batch.id)), refused=refused)
    return form_page("workers/import_upload.html", form)


def _own_batch(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or not may_handle_registration(
            current_user, sub_division_id=batch.sub_division_id,
            registered_by_id=batch.uploaded_by_id):
        abort(404)
    return batch


def _checked(batch: ImportBatch):
    sub_division = db.session.get(SubDivision, batch.sub_division_id)
    try:
        return importing.check_rows(batch.rows, sub_division, today=today_in_india()), None
    except DomainError as error:
        return [], error.message


@bp.route("/workers/import/<int:batch_id>", methods=["GET", "POST"])
@roles_required(*REGISTRARS)
def import_preview(batch_id: int):
    batch = _own_batch(batch_id)
    form = EmptyForm()
    if form.validate_on_submit():
        def refused(error: DomainError):
            flash(error.message, "error")
            return redirect(url_for("workers.import_preview", batch_id=batch_id)), 303

        def imported(result: importing.ImportResult):
            flash(_("Imported %(imported)d workers; %(skipped)d already registered; "
                    "%(refused)d rows with errors were not imported. Each imported worker gets "
                    "a message asking for consent.", imported=result.imported,
                    skipped=result.skipped, refused=result.refused),
                  "success" if result.imported else "error")
            for line, code in result.left_out[:MAX_REASONS_SHOWN]:
                flash(_("Row %(line)d not imported: %(reason)s", line=line,
                        reason=code.message), "error")
            if len(result.left_out) > MAX_REASONS_SHOWN:
                flash(_("%(count)d more rows not imported: see the rows with errors.",
                        count=len(result.left_out) - MAX_REASONS_SHOWN), "error")
            return redirect(url_for("workers.import_preview", batch_id=batch_id))

        return commit_or_refuse(
            lambda: importing.import_batch(batch, actor=current_user, today=today_in_india()),
            done=imported, refused=refused)
    rows, problem = _checked(batch)
    return render_template("workers/import_preview.html", batch=batch, rows=rows,
                           problem=problem, form=form, columns=importing.COLUMNS,
                           good=sum(r.is_good for r in rows),
                           skipped=sum(r.skipped for r in rows),
                           bad=sum(bool(r.errors) for r in rows),
                           message_for=attrgetter("message")), 400 if problem else 200


@bp.route("/workers/import/<int:batch_id>/errors.csv")
@roles_required(*REGISTRARS)
def import_errors(batch_id: int):
    batch = _own_batch(batch_id)
    rows, _problem = _checked(batch)
    report = to_csv(["line", *importing.COLUMNS, "errors"], (
        [row.line, *(row.values.get(c, "") for c in importing.COLUMNS),
         "; ".join(str(code.message) for code in row.errors)]
        for row in rows if row.errors))
    return Response(report, mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename=import-{batch.id}-errors.csv"})
