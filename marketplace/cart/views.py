"""The cart page and its buttons; visitors' carts are found by a token in their session."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.access import may_buy
from marketplace.cart import services
from marketplace.cart.errors import CartError
from marketplace.cart.forms import AddToCartForm, ChangeQuantityForm
from marketplace.cart.models import Cart
from marketplace.cart.wiring import SESSION_KEY
from marketplace.catalogue.queries import get_product
from marketplace.core.forms import EmptyForm, form_error_text
from marketplace.core.security import safe_next
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.core.visitor_forms import checked_by_origin_for_visitors
from marketplace.places import tenant

bp = Blueprint("cart", __name__, url_prefix="/cart")


def current_cart(*, create: bool = False) -> Cart | None:
    if current_user.is_authenticated:
        if create:
            return services.open_cart(user_id=current_user.id)
        return services.find_cart(user_id=current_user.id)
    token = session.get(SESSION_KEY)
    if token is None and create:
        token = session[SESSION_KEY] = services.new_visitor_token()
    if create:
        return services.open_cart(visitor_token=token)
    return services.find_cart(visitor_token=token)


@bp.app_context_processor
def cart_badge():
    """The menu's cart link on every page: shown to those who may buy, with how many products
    their cart holds. Counted here, before the page renders (one query, and only for someone
    who has a cart), so that the layout prints a number and runs no query."""
    shown = may_buy(current_user)
    count = 0
    if shown and current_user.is_authenticated:
        count = services.count_items(user_id=current_user.id)
    elif shown and SESSION_KEY in session:
        count = services.count_items(visitor_token=session[SESSION_KEY])
    return {"shows_cart": shown, "cart_count": count}


def _page(error: str | None = None, status: int = 200, *, start_over: AddToCartForm | None = None,
          product=None):
    """The cart; `start_over` and `product`: the offer to start a new cart with that product
    (it is of another sub-division than the cart's)."""
    basket = services.view_cart(current_cart())
    tenant.shows(basket.sub_division_id)
    quote = services.quote_cart(basket) if basket.lines else None
    forms = {line.item.id: ChangeQuantityForm(prefix=f"item{line.item.id}",
                                              data={"quantity": str(line.item.quantity)})
             for line in basket.lines}
    return render_template("cart/view.html", basket=basket, quote=quote, forms=forms,
                           remove_form=EmptyForm(), error=error, start_over=start_over,
                           refused_product=product), status


@bp.route("")
def view():
    if not may_buy(current_user):
        abort(403)
    return _page()


@bp.route("/add/<int:product_id>", methods=["POST"])
@checked_by_origin_for_visitors
def add(product_id: int):
    if not may_buy(current_user):
        abort(403)
    product = get_product(product_id)
    if product is None:
        abort(404)
    form = AddToCartForm()
    if not form.validate_on_submit():
        return _page(form_error_text(form), 400)

    # Back where the button was (a list card sends its page as `next`): only a path on this
    # site, else the product's page.
    back = safe_next(request.form.get("next"), tenant.url_in(
        product.sub_division_id, "catalogue.product", product_id=product.id))

    def added(_result: object):
        flash(_("Added to your cart."), "success")
        return redirect(back, 303)

    def refused(error):
        if error.code == CartError.OTHER_SUB_DIVISION:
            offer = AddToCartForm(formdata=None, data={
                "quantity": str(form.quantity.quantity), "start_over": True})
            return _page(error.message, error.status, start_over=offer, product=product)
        return _page(error.message, error.status)

    return commit_or_refuse(
        lambda: services.add_to_cart(current_cart(create=True), product, form.quantity.quantity,
                                     start_over=bool(form.start_over.data)),
        done=added, refused=refused)


@bp.route("/items/<int:item_id>", methods=["POST"])
def change(item_id: int):
    if not may_buy(current_user):
        abort(403)
    cart = current_cart()
    if cart is None or all(item.id != item_id for item in cart.items):
        abort(404)
    form = ChangeQuantityForm(prefix=f"item{item_id}")
    if not form.validate_on_submit():
        return _page(form_error_text(form), 400)
    def changed(_result: object):
        if form.quantity.quantity == 0:  # 0 takes the line out, as "Remove" does: say so
            flash(_("Removed from your cart."), "info")
        return redirect(url_for("cart.view"), 303)

    return commit_or_refuse(
        lambda: services.change_quantity(cart, item_id, form.quantity.quantity),
        done=changed,
        refused=lambda error: _page(error.message,
                                    404 if error.code == CartError.ITEM else error.status))


@bp.route("/items/<int:item_id>/remove", methods=["POST"])
def remove(item_id: int):
    if not may_buy(current_user):
        abort(403)
    cart = current_cart()
    if cart is None or all(item.id != item_id for item in cart.items):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def removed(_result: object):
        flash(_("Removed from your cart."), "info")
        return redirect(url_for("cart.view"), 303)

    # The only refusal is CartError.ITEM: the item is no longer in the cart.
    return commit_or_refuse(lambda: services.change_quantity(cart, item_id, 0),
                            done=removed, refused=lambda error: abort(404))
