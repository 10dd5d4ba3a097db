"""Panel: the sub-division's orders, and moving one through its life on the SHGs' behalf."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.money import format_rupees
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then
from marketplace.extensions import db
from marketplace.orders import queries, services
from marketplace.orders.errors import OrderError
from marketplace.orders.labels import (
    HOLD_REASON_LABELS,
    PART_STATUS_LABELS,
    PAYMENT_LABELS,
    STATUS_LABELS,
)
from marketplace.orders.models import Order, OrderStatus, PartStatus
from marketplace.orders.workflow import TRANSITIONS
from marketplace.panel.access import sub_division_scope
from marketplace.panel.forms import CancelOrderForm, DeliveryFailedForm
from marketplace.payments.models import PaymentMethod
from marketplace.payments.stripe_gateway import GatewayError

bp = Blueprint("orders", __name__, url_prefix="/orders")
S = OrderStatus


def _parse_status(raw: str | None) -> OrderStatus | None:
    return OrderStatus(raw) if raw in OrderStatus.__members__.values() else None


def _parse_date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None


@bp.route("")
def index():
    status = _parse_status(request.args.get("status"))
    day = _parse_date(request.args.get("date"))
    page = paginate(queries.list_orders_of_sub_division(sub_division_scope(), status=status,
                                                        delivery_date=day),
                    number=parse_page_number(request.args.get("page")), size=50)
    return render_template("panel/orders.html", page=page, status=status, day=day,
                           statuses=list(OrderStatus), status_labels=STATUS_LABELS,
                           payment_labels=PAYMENT_LABELS)


def _order(order_id: int) -> Order:
    """The order, if it is of the staff member's sub-division (admins: any), else 404."""
    order = queries.get_order(order_id)
    scope = sub_division_scope()
    if order is None or (scope is not None and order.sub_division_id != scope):
        abort(404)
    return order


def _actions(order: Order) -> dict[str, bool]:
    """Which buttons the page shows; the services still decide."""
    # A held order goes nowhere but to cancelled until staff release it.
    allowed = {S.CANCELLED} & TRANSITIONS[order.status] if order.is_held \
        else TRANSITIONS[order.status]
    awaiting_payment = order.payment_method is PaymentMethod.ONLINE and order.paid_at is None
    carried = S.DELIVERED in allowed and services.is_carried(order)
    return {
        "awaiting_payment": awaiting_payment and order.status is S.PLACED,
        "confirm": S.CONFIRMED in allowed and not awaiting_payment,
        "pack": order.status is S.CONFIRMED and not order.is_held,
        "release": order.is_held,
        "dispatch": S.OUT_FOR_DELIVERY in allowed,
        # a courier out on a run marks it there, with the cash it brings
        "deliver": S.DELIVERED in allowed and not carried,
        "fail": S.DELIVERY_FAILED in allowed and not carried,
        "cancel": S.CANCELLED in allowed,
        "refund": services.refund_due(order) is not None,
        "carried": carried,
    }


def _render_detail(order_id: int, *, status: int = 200,
                   failed_form: DeliveryFailedForm | None = None,
                   cancel_form: CancelOrderForm | None = None):
    order = _order(order_id)
    return render_template(
        "panel/order.html", order=order, actions=_actions(order),
        names=queries.get_actor_names(order), action_form=EmptyForm(),
        failed_form=failed_form or DeliveryFailedForm(formdata=None),
        cancel_form=cancel_form or CancelOrderForm(formdata=None),
        status_labels=STATUS_LABELS, part_status_labels=PART_STATUS_LABELS,
        payment_labels=PAYMENT_LABELS, hold_reason_labels=HOLD_REASON_LABELS,
        to_pack=PartStatus.TO_PACK, carried_notice=OrderError.ON_A_RUN_OUT.message), status


@bp.route("/<int:order_id>")
def detail(order_id: int):
    return _render_detail(order_id)


def _back_to(order: Order, success: str):
    """What a change that went through answers: say so, and back to the order."""
    return flash_then(success, url_for("panel.orders.detail", order_id=order.id))


def _shown_on(order: Order, **forms):
    """What a refused change answers: the order's page as it is now, saying why."""
    return flash_refusal(lambda error: _render_detail(order.id, status=error.status, **forms))


def _button_order(order_id: int) -> Order:
    """For button-only POSTs: the order, after the CSRF check."""
    order = _order(order_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return order


#: the steps taken with one button: (path, endpoint, the service, what staff are told)
BUTTON_STEPS = (
    ("confirm", "confirm", services.confirm_order,
     _l("Order confirmed; the groups have been told what to pack.")),
    ("dispatch", "dispatch", services.dispatch_order,
     _l("Out for delivery; the buyer has been told.")),
    ("delivered", "deliver", services.mark_delivered, _l("Delivered. Thank you!")),
    # a held order (money refunded or disputed at Stripe) goes on; if its money went back,
    # it is collected as cash on delivery
    ("release", "release", services.release_hold,
     _l("The hold is lifted; the order can go on.")),
)


def _button_step(step, success):
    def view(order_id: int):
        order = _button_order(order_id)
        return commit_or_refuse(lambda: step(order, actor=current_user),
                                done=_back_to(order, str(success)), refused=_shown_on(order))
    return view


for _path, _endpoint, _step, _success in BUTTON_STEPS:
    bp.add_url_rule(f"/<int:order_id>/{_path}", _endpoint, _button_step(_step, _success),
                    methods=["POST"])


@bp.route("/<int:order_id>/parts/<int:part_id>/packed", methods=["POST"])
def pack_part(order_id: int, part_id: int):
    order = _button_order(order_id)
    part = next((p for p in order.parts if p.id == part_id), None) or abort(404)
    return commit_or_refuse(lambda: services.mark_part_packed(part, actor=current_user),
                            done=_back_to(order, _("Marked packed for the group.")),
                            refused=_shown_on(order))


@bp.route("/<int:order_id>/failed", methods=["POST"])
def fail(order_id: int):
    order = _order(order_id)
    form = DeliveryFailedForm()
    if not form.validate_on_submit():
        return _render_detail(order.id, status=400, failed_form=form)
    return commit_or_refuse(lambda: services.mark_delivery_failed(
        order, actor=current_user, reason=form.failure_reason.data),
        done=_back_to(order, _("Marked as not delivered; the buyer has been told.")),
        refused=_shown_on(order, failed_form=form))


@bp.route("/<int:order_id>/cancel", methods=["POST"])
def cancel(order_id: int):
    order = _order(order_id)
    form = CancelOrderForm()
    if not form.validate_on_submit():
        return _render_detail(order.id, status=400, cancel_form=form)

    def cancelled(_result: object):
        flash(_("Order cancelled; the stock and the delivery place are given back."), "success")
        _refund_if_due(order)
        return redirect(url_for("panel.orders.detail", order_id=order.id))

    return commit_or_refuse(lambda: services.cancel_order(
        order, actor=current_user, reason=form.cancel_reason.data),
        done=cancelled, refused=_shown_on(order, cancel_form=form))


@bp.route("/<int:order_id>/refund", methods=["POST"])
def refund(order_id: int):
    order = _button_order(order_id)
    if services.refund_due(order) is None:
        flash(_("Nothing to refund for this order."), "error")
        return _render_detail(order.id, status=409)
    _refund_if_due(order)
    return redirect(url_for("panel.orders.detail", order_id=order.id))


def _refund_if_due(order: Order) -> None:
    """Give back what a cancelled order paid online, after the cancellation is committed;
    when Stripe fails, the order stays cancelled and the Refund button stays."""
    if services.refund_due(order) is None:
        return
    try:
        payment = services.refund_order(order, actor_id=current_user.id)
    except GatewayError:
        db.session.rollback()
        flash(_("The refund did not go through (the payment service did not answer). "
                "Press Refund to try again."), "error")
        return
    except DomainError:
        db.session.rollback()
        flash(_("This payment cannot be refunded here; refund it from the Stripe "
                "dashboard."), "error")
        return
    db.session.commit()
    flash(_("%(amount)s refunded to the buyer.", amount=format_rupees(payment.amount_paise)),
          "success")
