"""Checkout, the buyer's orders (track, receipt, cancel, pay) and the SHG's packing list."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.access import is_staff_for, may_buy
from marketplace.accounts.models import Role
from marketplace.cart.services import find_cart, quote_cart, view_cart
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.delivery.services import offered_choices
from marketplace.extensions import db
from marketplace.orders import checkout, queries, services
from marketplace.orders.errors import OrderError
from marketplace.orders.forms import (
    CancelForm,
    CheckoutForm,
    checkout_details_from,
    payment_choices,
)
from marketplace.orders.labels import (
    PART_STATUS_LABELS,
    PAYMENT_LABELS,
    STATUS_LABELS,
    payment_state,
    reason_text,
    tracking_steps,
)
from marketplace.orders.models import Order, OrderStatus, PartStatus
from marketplace.payments import stripe_gateway
from marketplace.places import tenant
from marketplace.places.forms import offer_last_address, village_choices
from marketplace.shg.services import membership_of

bp = Blueprint("orders", __name__, url_prefix="/orders")
checkout_bp = Blueprint("checkout", __name__)


@bp.app_context_processor
def order_labels():
    # reason_text, payment_state: an order's reason and money in the reader's words
    return {"order_status_labels": STATUS_LABELS, "part_status_labels": PART_STATUS_LABELS,
            "payment_labels": PAYMENT_LABELS, "reason_text": reason_text,
            "payment_state": payment_state}


def _require_buyer() -> None:
    if not may_buy(current_user):
        abort(403)


def _slot_label(choice) -> str:
    slot = choice.slot
    return f"{choice.day:%d.%m} · {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"


def _checkout_page(form: CheckoutForm, basket, choices, status: int = 200,
                   error: str | None = None):
    tenant.shows(basket.sub_division_id)
    quote = quote_cart(basket)
    form.quoted_total.data = str(quote.total_paise)
    return render_template("orders/checkout.html", form=form, basket=basket, choices=choices,
                           quote=quote, error=error), status


@checkout_bp.route("/checkout", methods=["GET", "POST"])
@login_required
def checkout_page():
    _require_buyer()
    if request.method == "POST":
        # A second submission of a placed form (back button, two taps) shows that order.
        earlier = checkout.find_checkout(current_user.id,
                                         (request.form.get("checkout_key") or "")[:64])
        if earlier is not None:
            return redirect(url_for("orders.detail", number=earlier.number), 303)
    cart = find_cart(user_id=current_user.id)
    basket = view_cart(cart)
    if not basket.lines:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("cart.view"), 303)
    if not basket.ready:
        flash(_("Something in your cart changed. Check it before ordering."), "info")
        return redirect(url_for("cart.view"), 303)
    online = stripe_gateway.is_enabled()
    choices = offered_choices(basket.sub_division_id, utcnow())
    form = CheckoutForm()
    form.village.choices = village_choices(basket.sub_division_id, to_choose=True)
    form.slot.choices = [(c.value, _slot_label(c)) for c in choices]
    form.payment.choices = payment_choices(online)
    if request.method == "GET":
        form.checkout_key.data = uuid.uuid4().hex
        form.phone.data = current_user.phone
        offer_last_address(form, current_user)
    if not form.validate_on_submit():
        return _checkout_page(form, basket, choices, 400 if form.errors else 200)

    def place() -> Order:
        details = checkout_details_from(form, name=current_user.name,
                                        language=str(get_locale()))
        return checkout.place_order(cart, details, actor=current_user, now=utcnow(),
                                    online_enabled=online)

    def refused(error: DomainError):
        basket = view_cart(find_cart(user_id=current_user.id))
        if not basket.ready:
            flash(error.message, "error")
            return redirect(url_for("cart.view"), 303)
        return _checkout_page(form, basket, offered_choices(basket.sub_division_id, utcnow()),
                              error.status, error.message)

    try:
        return commit_or_refuse(place, done=_placed, refused=refused)
    except checkout.DuplicateCheckout:
        db.session.rollback()
        order = checkout.find_checkout(current_user.id, form.checkout_key.data or "")
        if order is None:
            abort(409)
        return redirect(url_for("orders.detail", number=order.number), 303)


def _placed(order: Order):
    if order.payment_method.value == "online":
        return _go_pay(order)
    flash(_("Thank you! Order %(number)s is placed. Pay in cash when it arrives.",
            number=order.number), "success")
    return redirect(url_for("orders.detail", number=order.number), 303)


def _go_pay(order: Order):
    try:
        url = services.start_order_payment(
            order, actor=current_user,
            success_url=url_for("orders.detail", number=order.number, paid=1, _external=True),
            cancel_url=url_for("orders.detail", number=order.number, _external=True))
    except stripe_gateway.GatewayError:
        db.session.rollback()
        current_app.logger.warning("could not open a Stripe page for %s", order.number)
        flash(_("Online payment could not be started. Try again, or pay cash on delivery "
                "instead."), "error")
        return redirect(url_for("orders.detail", number=order.number), 303)
    db.session.commit()
    return redirect(url, 303)


def _order_for_viewer(number: str) -> Order:
    """The order, for its buyer or the sub-division's staff; 404 for anyone else (a
    guessed number tells nothing)."""
    order = queries.get_order_by_number(number)
    if order is None or not (services.is_buyer(order, current_user)
                             or is_staff_for(current_user, order.sub_division_id)):
        abort(404)
    return order


@bp.route("")
@login_required
def mine():
    page = paginate(queries.list_orders_of_buyer(current_user.id),
                    number=parse_page_number(request.args.get("page")), size=20)
    return render_template("orders/mine.html", page=page)


@bp.route("/<number>")
@login_required
def detail(number: str):
    return _detail_page(_order_for_viewer(number))


def _detail_page(order: Order, *, error: str | None = None, status: int = 200):
    tenant.shows(order.sub_division_id)
    return render_template("orders/detail.html", order=order, track=tracking_steps(order),
                           cancel_form=CancelForm(), button_form=EmptyForm(), error=error,
                           can_cancel=services.is_buyer(order, current_user)
                           and services.buyer_may_cancel(order),
                           has_receipt=order.status is not OrderStatus.CANCELLED,
                           awaiting_payment=_awaiting_payment(order),
                           online_enabled=stripe_gateway.is_enabled(),
                           returned_from_payment=request.args.get("paid") == "1"), status


def _awaiting_payment(order: Order) -> bool:
    return (order.payment_method.value == "online" and order.paid_at is None
            and order.status is OrderStatus.PLACED)


@bp.route("/<number>/receipt")
@login_required
def receipt(number: str):
    return render_template("orders/receipt.html", order=_order_for_viewer(number))


@bp.route("/<number>/cancel", methods=["POST"])
@login_required
def cancel(number: str):
    order = _order_for_viewer(number)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)

    def cancelled(_result: object):
        _refund_if_paid(order)
        flash(_("Order %(number)s is cancelled.", number=order.number), "success")
        return redirect(url_for("orders.detail", number=number), 303)

    return commit_or_refuse(
        lambda: services.cancel_order(order, actor=current_user, reason=form.reason.data or None),
        done=cancelled, refused=_shown_on(number))


def _shown_on(number: str):
    """What a refused change answers: the order's page as it is now, saying why."""
    return lambda error: _detail_page(_order_for_viewer(number), error=error.message,
                                      status=error.status)


def _refund_if_paid(order: Order) -> None:
    try:
        if services.refund_order(order, actor_id=current_user.id):
            db.session.commit()
            flash(_("The online payment is being refunded to you."), "info")
    except (stripe_gateway.GatewayError, DomainError):
        # The cancellation stands; the office refunds by hand or by the refund job.
        db.session.rollback()
        flash(_("The refund could not be started now; the SDM office will refund you."),
              "info")


@bp.route("/<number>/pay", methods=["POST"])
@login_required
def pay(number: str):
    order = _order_for_viewer(number)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not services.is_buyer(order, current_user) or not stripe_gateway.is_enabled():
        abort(403)
    if not _awaiting_payment(order):
        return _detail_page(order, error=str(OrderError.NOT_AWAITING_PAYMENT.message),
                            status=409)
    return _go_pay(order)


@bp.route("/<number>/cash-instead", methods=["POST"])
@login_required
def cash_instead(number: str):
    order = _order_for_viewer(number)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def switched(_result: object):
        flash(_("You will pay in cash when the order arrives."), "success")
        return redirect(url_for("orders.detail", number=number), 303)

    return commit_or_refuse(lambda: services.switch_to_cash(order, actor=current_user),
                            done=switched, refused=_shown_on(number))


@bp.route("/packing")
@login_required
def packing():
    return _packing_page()


def _packing_page(*, error: str | None = None, status: int = 200):
    membership = membership_of(current_user) if current_user.role is Role.SHG_MEMBER else None
    if membership is None:
        abort(404)
    group_id = membership.group_id
    return render_template(
        "orders/packing.html", group=membership.group, form=EmptyForm(), error=error,
        to_pack=queries.list_parts_of_group(group_id, (OrderStatus.CONFIRMED,),
                                            PartStatus.TO_PACK),
        coming=queries.list_parts_of_group(group_id, (OrderStatus.PLACED,)),
        packed=queries.list_parts_of_group(
            group_id, (OrderStatus.CONFIRMED, OrderStatus.PACKED,
                       OrderStatus.OUT_FOR_DELIVERY), PartStatus.PACKED)), status


@bp.route("/parts/<int:part_id>/packed", methods=["POST"])
@login_required
def part_packed(part_id: int):
    part = queries.get_part(part_id)
    if part is None or not services.can_pack(part, current_user):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)

    def refused(error: DomainError):
        if current_user.role is not Role.SHG_MEMBER:
            abort(error.status)
        return _packing_page(error=error.message, status=error.status)

    def packed(_result: object):
        flash(_("Marked as packed. Thank you!"), "success")
        return redirect(url_for("orders.packing"), 303)

    return commit_or_refuse(lambda: services.mark_part_packed(part, actor=current_user),
                            done=packed, refused=refused)
