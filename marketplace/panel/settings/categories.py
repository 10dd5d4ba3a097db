"""Settings: product categories (admins): add, rename in English and Hindi, reorder."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalogue import services
from marketplace.catalogue.models import ProductCategory
from marketplace.catalogue.queries import list_product_categories
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.extensions import db
from marketplace.panel.settings import bp, require_admin
from marketplace.panel.settings.forms import CategoryForm


def _rename_form(category: ProductCategory) -> CategoryForm:
    return CategoryForm(formdata=None, prefix=f"c{category.id}",
                        data={"name_en": category.name_en, "name_hi": category.name_hi})


def _page(status: int = 200, *, add_form: CategoryForm | None = None,
          failed: tuple[int, CategoryForm] | None = None):
    categories = db.session.scalars(list_product_categories()).all()
    forms = {c.id: _rename_form(c) for c in categories}
    if failed:
        forms[failed[0]] = failed[1]
    return render_template("panel/settings_categories.html", categories=categories,
                           forms=forms, add_form=add_form or CategoryForm(formdata=None),
                           button=EmptyForm()), status


@bp.route("/categories")
def categories():
    require_admin()
    return _page()


def _refused(form: CategoryForm, **page):
    """What a refused change answers: the page again, saying why on the form."""
    def refused(error: DomainError):
        form.name_en.errors = [*form.name_en.errors, error.message]
        return _page(error.status, **page)
    return refused


def _saved(message: str):
    return flash_then(message, url_for(".categories"))


@bp.route("/categories", methods=["POST"])
def add_category():
    require_admin()
    form = CategoryForm()
    if not form.validate_on_submit():
        return _page(400, add_form=form)
    return commit_or_refuse(lambda: services.add_product_category(
        name_en=form.name_en.data, name_hi=form.name_hi.data, actor_id=current_user.id),
        done=_saved(_("Category added at the end of the list.")),
        refused=_refused(form, add_form=form))


def _category(category_id: int) -> ProductCategory:
    require_admin()
    return db.session.get(ProductCategory, category_id) or abort(404)


@bp.route("/categories/<int:category_id>", methods=["POST"])
def rename_category(category_id: int):
    category = _category(category_id)
    form = CategoryForm(prefix=f"c{category.id}")
    if not form.validate_on_submit():
        return _page(400, failed=(category.id, form))
    return commit_or_refuse(lambda: services.rename_product_category(
        category, name_en=form.name_en.data, name_hi=form.name_hi.data,
        actor_id=current_user.id),
        done=_saved(_("Category renamed.")), refused=_refused(form, failed=(category.id, form)))


@bp.route("/categories/<int:category_id>/move", methods=["POST"])
def move_category(category_id: int):
    category = _category(category_id)
    direction = request.form.get("direction")
    if not EmptyForm().validate_on_submit() or direction not in ("up", "down"):
        abort(400)

    def refused(error: DomainError):
        flash(error.message, "error")
        return _page(error.status)

    return commit_or_refuse(
        lambda: services.move_product_category(category, up=direction == "up",
                                               actor_id=current_user.id),
        done=lambda _result: redirect(url_for(".categories",
                                              _anchor=f"category-{category.id}"), 303),
        refused=refused)
