"""Panel: the kinds of work, their synonyms and rate cards (workers are approved in the
approval queue, panel/approvals)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm, flash_form_errors
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.extensions import db
from marketplace.panel.access import working_sub_division
from marketplace.workers import queries, services
from marketplace.workers.forms import RateCardForm, SynonymForm
from marketplace.workers.models import (
    CategorySynonym,
    RateUnit,
    WorkerCategory,
)

bp = Blueprint("workers", __name__, url_prefix="/workers")


@bp.route("/categories")
def categories():
    """Everyday words that find each category, and the typical rates published here."""
    sub_division = working_sub_division()
    synonyms: dict[int, list] = {}
    for synonym in queries.list_synonyms():
        synonyms.setdefault(synonym.category_id, []).append(synonym)
    categories = db.session.scalars(queries.list_categories()).all()
    rate_cards = queries.list_rate_cards(sub_division.id)
    # a category without a rate card offers a rate per day first
    chosen_units = {c.id: rate_cards[c.id].unit if c.id in rate_cards else RateUnit.DAY
                    for c in categories}
    return render_template("panel/categories.html", sub_division=sub_division,
                           categories=categories, synonyms=synonyms, rate_cards=rate_cards,
                           rate_units=list(RateUnit), chosen_units=chosen_units,
                           synonym_form=SynonymForm(), rate_form=RateCardForm(),
                           action_form=EmptyForm())


def _category(category_id: int) -> WorkerCategory:
    return db.session.get(WorkerCategory, category_id) or abort(404)


def _refused(error: DomainError):
    flash(error.message, "error")
    return redirect(url_for("panel.workers.categories")), 303


@bp.route("/categories/<int:category_id>/synonyms", methods=["POST"])
def add_synonym(category_id: int):
    category = _category(category_id)
    form = SynonymForm()
    if form.validate_on_submit():
        def added(_result: object):
            flash(_("Added: “%(term)s” now finds %(category)s.", term=form.term.data,
                    category=category.name_en), "success")
            return redirect(url_for("panel.workers.categories"))

        return commit_or_refuse(
            lambda: services.add_synonym(category, form.term.data, actor=current_user),
            done=added, refused=_refused)
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
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("panel.workers.categories")), 303

    saved = flash_then(_("Typical rate saved."), url_for("panel.workers.categories"))

    return commit_or_refuse(lambda: services.set_rate_card(
        working_sub_division(), category, min_paise=form.min_rate.paise,
        max_paise=form.max_rate.paise, unit=RateUnit(form.unit.data), actor=current_user),
        done=saved, refused=_refused)
