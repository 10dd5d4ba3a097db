"""Panel: the worker review queue, with approve/reject and what changed in an edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.core.errors import DomainError
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.extensions import db
from marketplace.workers import queries, services
from marketplace.workers.forms import ReviewDecisionForm
from marketplace.workers.labels import worker_error_message
from marketplace.workers.models import WorkerCategory, WorkerProfile

bp = Blueprint("workers", __name__, url_prefix="/workers")


def _scope() -> int | None:
    """Staff see their sub-division; admins see all."""
    return None if current_user.role is Role.ADMIN else current_user.sub_division_id


def _reviewable(worker_id: int) -> WorkerProfile:
    worker = queries.get_worker(worker_id) or abort(404)
    scope = _scope()
    if scope is not None and worker.sub_division_id != scope:
        abort(404)
    return worker


@bp.route("/review")
def review_queue():
    page = paginate(queries.list_review_queue(_scope()),
                    number=parse_page_number(request.args.get("page")))
    return render_template("panel/workers_queue.html", page=page)


def _changes_for_display(worker: WorkerProfile) -> list[tuple[str, str, str]]:
    """(field label, current value, waiting value) for each waiting change."""
    waiting = worker.pending_changes or {}
    categories = {c.id: c for c in db.session.scalars(db.select(WorkerCategory))}

    def category_names(ids):
        return ", ".join(categories[i].name_en for i in ids if i in categories)

    rows = []
    if "display_name" in waiting:
        rows.append((_("Name"), worker.display_name, waiting["display_name"]))
    if "main_category_id" in waiting:
        rows.append((_("Main work"), worker.main_category.name_en,
                     category_names([waiting["main_category_id"]])))
    if "other_category_ids" in waiting:
        rows.append((_("Other work"), category_names(c.id for c in worker.other_categories),
                     category_names(waiting["other_category_ids"])))
    if "skills" in waiting:
        rows.append((_("Skills"), worker.skills, waiting["skills"]))
    if "photo_id" in waiting:
        rows.append((_("Photo"), _("current photo"), _("new photo")))
    return rows


@bp.route("/<int:worker_id>", methods=["GET", "POST"])
def review(worker_id: int):
    worker = _reviewable(worker_id)
    form = ReviewDecisionForm()
    if form.validate_on_submit():
        decision = request.form.get("decision")
        try:
            if decision == "approve":
                services.approve_worker(worker, actor=current_user, reason=form.reason.data)
            elif decision == "reject":
                services.reject_worker(worker, actor=current_user, reason=form.reason.data)
            else:
                abort(400)
        except DomainError as error:
            db.session.rollback()
            form.reason.errors.append(worker_error_message(error.code))
        else:
            db.session.commit()
            flash(_("Approved: the worker has been told.") if decision == "approve"
                  else _("Not approved: the worker has been told why."), "success")
            return redirect(url_for("panel.workers.review_queue"))
    status = 400 if form.errors else 200
    return render_template("panel/worker_review.html", worker=worker, form=form,
                           changes=_changes_for_display(worker)), status
