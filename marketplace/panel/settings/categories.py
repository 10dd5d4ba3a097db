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


def _refused(error: DomainError, form: CategoryForm, **page):
    db.session.rollback()
    form.name_en.errors = [*form.name_en.errors, error.message]
    return _page(error.status, **page)


@bp.route("/categories", methods=["POST"])
def add_category():
    require_admin()
    form = CategoryForm()
    if not form.validate_on_submit():
        return _page(400, add_form=form)
    try:
        services.add_product_category(name_en=form.name_en.data, name_hi=form.name_hi.data,
                                      actor_id=current_user.id)
    except DomainError as error:
        return _refused(error, form, add_form=form)
    db.session.commit()
    flash(_("Category added at the end of the list."), "success")
    return redirect(url_for(".categories"), 303)


def _category(category_id: int) -> ProductCategory:
    require_admin()
    return db.session.get(ProductCategory, category_id) or abort(404)


@bp.route("/categories/<int:category_id>", methods=["POST"])
def rename_category(category_id: int):
    category = _category(category_id)
    form = CategoryForm(prefix=f"c{category.id}")
    if not form.validate_on_submit():
        return _page(400, failed=(category.id, form))
    try:
        services.rename_product_category(category, name_en=form.name_en.data,
                                         name_hi=form.name_hi.data, actor_id=current_user.id)
    except DomainError as error:
        return _refused(error, form, failed=(category.id, form))
    db.session.commit()
    flash(_("Category renamed."), "success")
    return redirect(url_for(".categories"), 303)


@bp.route("/categories/<int:category_id>/move", methods=["POST"])
def move_category(category_id: int):
    category = _category(category_id)
    direction = request.form.get("direction")
    if not EmptyForm().validate_on_submit() or direction not in ("up", "down"):
        abort(400)
    try:
        services.move_product_category(category, up=direction == "up",
                                       actor_id=current_user.id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _page(error.status)
    db.session.commit()
    return redirect(url_for(".categories", _anchor=f"category-{category.id}"), 303)
