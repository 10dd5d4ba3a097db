"""Panel: the worker review queue, with approve/reject and what changed in an edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm, flash_form_errors
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.extensions import db
from marketplace.panel.access import sub_division_scope, working_sub_division
from marketplace.workers import queries, services
from marketplace.workers.forms import RateCardForm, ReviewDecisionForm, SynonymForm
from marketplace.workers.labels import worker_error_message
from marketplace.workers.models import (
    CategorySynonym,
    RateUnit,
    WorkerCategory,
    WorkerProfile,
)

bp = Blueprint("workers", __name__, url_prefix="/workers")


def _reviewable(worker_id: int) -> WorkerProfile:
    worker = queries.get_worker(worker_id) or abort(404)
    scope = sub_division_scope()
    if scope is not None and worker.sub_division_id != scope:
        abort(404)
    return worker


@bp.route("/review")
def review_queue():
    page = paginate(queries.list_review_queue(sub_division_scope()),
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


@bp.route("/categories")
def categories():
    """Everyday words that find each category, and the typical rates published here."""
    sub_division = working_sub_division()
    synonyms: dict[int, list] = {}
    for synonym in queries.list_synonyms():
        synonyms.setdefault(synonym.category_id, []).append(synonym)
    return render_template("panel/categories.html", sub_division=sub_division,
                           categories=db.session.scalars(queries.list_categories()).all(),
                           synonyms=synonyms, rate_cards=queries.list_rate_cards(sub_division.id),
                           synonym_form=SynonymForm(), rate_form=RateCardForm(),
                           action_form=EmptyForm())


def _category(category_id: int) -> WorkerCategory:
    return db.session.get(WorkerCategory, category_id) or abort(404)


@bp.route("/categories/<int:category_id>/synonyms", methods=["POST"])
def add_synonym(category_id: int):
    category = _category(category_id)
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            services.add_synonym(category, form.term.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(worker_error_message(error.code), "error")
            return redirect(url_for("panel.workers.categories")), 303
        db.session.commit()
        flash(_("Added: “%(term)s” now finds %(category)s.", term=form.term.data,
                category=category.name_en), "success")
    else:
        flash(_("Write the word."), "error")
    return redirect(url_for("panel.workers.categories"))


@bp.route("/synonyms/<int:synonym_id>/remove", methods=["POST"])
def remove_synonym(synonym_id: int):
    synonym = db.session.get(CategorySynonym, synonym_id) or abort(404)
    if EmptyForm().validate_on_submit():
        services.remove_synonym(synonym, actor=current_user)
        db.session.commit()
        flash(_("Removed."), "success")
    return redirect(url_for("panel.workers.categories"))


@bp.route("/categories/<int:category_id>/rate", methods=["POST"])
def set_rate_card(category_id: int):
    category = _category(category_id)
    form = RateCardForm()
    if form.validate_on_submit():
        try:
            services.set_rate_card(working_sub_division(), category,
                                   min_paise=form.min_rate.paise, max_paise=form.max_rate.paise,
                                   unit=RateUnit(form.unit.data), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(worker_error_message(error.code), "error")
            return redirect(url_for("panel.workers.categories")), 303
        db.session.commit()
        flash(_("Typical rate saved."), "success")
    else:
        flash_form_errors(form)
        return redirect(url_for("panel.workers.categories")), 303
    return redirect(url_for("panel.workers.categories"))
