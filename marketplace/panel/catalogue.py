"""Panel: products waiting for approval, with what changed, approve or reject."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.catalogue import queries, services
from marketplace.catalogue.labels import product_error_message
from marketplace.core.errors import DomainError
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.extensions import db
from marketplace.panel.access import sub_division_scope
from marketplace.shg.forms import DecisionForm

bp = Blueprint("catalogue", __name__, url_prefix="/products")


@bp.route("/review")
def review_queue():
    page = paginate(queries.list_product_review_queue(sub_division_scope()),
                    number=parse_page_number(request.args.get("page")), size=50)
    return render_template("panel/products_queue.html", page=page)


@bp.route("/<int:product_id>", methods=["GET", "POST"])
def review(product_id: int):
    product = queries.get_product(product_id)
    scope = sub_division_scope()
    if product is None or (scope is not None and product.sub_division_id != scope):
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        approve = request.form.get("decision") == "approve"
        try:
            services.decide_product(product, approve=approve, actor=current_user,
                                    reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            form.reason.errors.append(product_error_message(error.code))
            return render_template("panel/product_review.html", product=product,
                                   form=form), error.status
        db.session.commit()
        flash(_("Decision saved; the group has been told."), "success")
        return redirect(url_for("panel.catalogue.review_queue"))
    status = 400 if form.errors else 200
    return render_template("panel/product_review.html", product=product, form=form), status
