"""Panel: the sub-division's delivery slots and delivery charges."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.delivery import queries, services
from marketplace.delivery.errors import DeliveryError
from marketplace.delivery.forms import (
    SlotForm,
    TermsForm,
    minutes_as_hours,
    slot_form_data,
    terms_form_data,
)
from marketplace.delivery.labels import WEEKDAY_LABELS
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.panel.access import working_sub_division

bp = Blueprint("delivery", __name__, url_prefix="/delivery")

#: which field shows a service's complaint about a slot
_SLOT_FIELDS = {DeliveryError.SLOT_WEEKDAYS: "weekdays", DeliveryError.SLOT_WINDOW: "ends_at",
                DeliveryError.SLOT_CAPACITY: "capacity", DeliveryError.SLOT_CUTOFF: "cutoff_hours"}


def _render_settings(*, slot_form: SlotForm | None = None, terms_form: TermsForm | None = None,
                     status: int = 200):
    sub_division = working_sub_division()
    terms = services.terms_of(sub_division.id)
    return render_template(
        "panel/delivery.html", sub_division=sub_division,
        slots=db.session.scalars(queries.list_slots(sub_division.id)).all(),
        slot_form=slot_form or SlotForm(formdata=None),
        terms_form=terms_form or TermsForm(formdata=None, data=terms_form_data(terms)),
        weekday_labels=WEEKDAY_LABELS, hours=minutes_as_hours), status


@bp.route("")
def index():
    return _render_settings()


def _save_slot(form: SlotForm, slot_id: int | None, *, saved: str,
               page: Callable[[], ResponseReturnValue]):
    """Save from a valid form and go back to the settings saying `saved`; when the rules
    refuse, the message goes on the form and `page()` shows it again."""
    def refused(error: DomainError):
        field = getattr(form, _SLOT_FIELDS.get(error.code, "weekdays"))
        field.errors = [*field.errors, error.message]
        return page()

    def done(_slot: object):
        flash(saved, "success")
        return redirect(url_for("panel.delivery.index"))

    return commit_or_refuse(lambda: services.save_slot(
        working_sub_division().id, form.to_details(), actor_id=current_user.id,
        slot_id=slot_id), done=done, refused=refused)


@bp.route("/slots", methods=["POST"])
def add_slot():
    form = SlotForm()
    if form.validate_on_submit():
        return _save_slot(form, None, saved=_("Delivery slot added."),
                          page=lambda: _render_settings(slot_form=form, status=400))
    return _render_settings(slot_form=form, status=400)


def _own_slot(slot_id: int) -> DeliverySlot:
    slot = queries.get_slot(slot_id)
    if slot is None or slot.sub_division_id != working_sub_division().id:
        abort(404)
    return slot


@bp.route("/slots/<int:slot_id>", methods=["GET", "POST"])
def edit_slot(slot_id: int):
    slot = _own_slot(slot_id)
    form = SlotForm() if request.method == "POST" else SlotForm(data=slot_form_data(slot))
    if form.validate_on_submit():
        return _save_slot(form, slot.id, saved=_("Delivery slot saved."), page=lambda: (
            render_template("panel/delivery_slot.html", slot=slot, form=form), 400))
    status = 400 if request.method == "POST" else 200
    return render_template("panel/delivery_slot.html", slot=slot, form=form), status


@bp.route("/charges", methods=["POST"])
def save_charges():
    form = TermsForm()
    if form.validate_on_submit():
        def save() -> None:
            sub_division_id = working_sub_division().id
            cash_cap = form.max_open_cash_orders.data  # left empty: keep the current cap
            if cash_cap is None:
                cash_cap = services.terms_of(sub_division_id).max_open_cash_orders
            services.save_terms(sub_division_id, charge_paise=form.charge.paise,
                                free_from_paise=form.free_from.paise,
                                minimum_order_paise=form.minimum_order.paise,
                                max_open_cash_orders=cash_cap,
                                actor_id=current_user.id)

        def refused(error: DomainError):
            form.charge.errors = [*form.charge.errors, error.message]
            return _render_settings(terms_form=form, status=400)

        saved = flash_then(_("Delivery charges saved."), url_for("panel.delivery.index"))

        return commit_or_refuse(save, done=saved, refused=refused)
    return _render_settings(terms_form=form, status=400)
