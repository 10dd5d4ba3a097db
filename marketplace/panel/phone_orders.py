"""Panel: Orders taken by phone or WhatsApp for people without the app.

Two steps, both keyboard-fast: type the caller's number and press Enter (a caller known
from an earlier order or an account gets name, language and address filled in), then the
order form: up to ten product rows, the address and the slot, one more Enter.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import Form as RowForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.catalogue.queries import get_product
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import Form, PhoneField
from marketplace.core.i18n import by_name, localized
from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import ascii_digits, whole_number
from marketplace.core.unit_of_work import commit_or_refuse
from marketplace.delivery.services import offered_choices, parse_choice
from marketplace.extensions import db
from marketplace.orders import phone as phone_orders
from marketplace.orders.checkout import DuplicateCheckout, find_checkout
from marketplace.orders.errors import OrderError
from marketplace.orders.models import Order
from marketplace.orders.queries import get_order
from marketplace.panel.access import working_sub_division
from marketplace.places.forms import village_choices

bp = Blueprint("phone_orders", __name__, url_prefix="/phone-orders")


class LineForm(RowForm):
    """One product row: a product of the list and a whole number of units."""

    product = StringField(_l("Product"))
    quantity = StringField(_l("Quantity"), render_kw={"inputmode": "numeric", "maxlength": 4,
                                                      "size": 4, "autocomplete": "off"})


class PhoneOrderForm(Form):
    phone = PhoneField(_l("Caller's mobile number"),
                       render_kw={"inputmode": "tel", "autocomplete": "off"},
                       missing_message=_l("Enter the caller's mobile number."))
    contact_name = StringField(_l("Caller's name"), validators=[
        DataRequired(message=_l("Enter the caller's name.")), Length(max=80)],
        render_kw={"maxlength": 80, "autocomplete": "off"})
    language = RadioField(_l("Messages in"), default="hi",
                          choices=[SelectChoice("hi", "हिन्दी"), SelectChoice("en", "English")],
                          validators=[InputRequired(message=_l("Choose a language."))])
    village = SelectField(_l("Village or ward"), coerce=int,
                          validators=[InputRequired(message=_l("Choose the village or ward."))])
    address = StringField(_l("House and landmark"), validators=[
        DataRequired(message=_l("Write the address.")), Length(max=300)],
        render_kw={"maxlength": 300, "autocomplete": "off"})
    lines = FieldList(FormField(LineForm), min_entries=phone_orders.MAX_LINES,
                      max_entries=phone_orders.MAX_LINES)
    slot = RadioField(_l("Delivery time"),
                      validators=[InputRequired(message=_l("Choose a delivery time."))])
    note = TextAreaField(_l("Note for the delivery (optional)"), validators=[Length(max=500)],
                         render_kw={"rows": 2, "maxlength": 500})
    checkout_key = HiddenField()

    #: set by the view: the ids a row may name
    orderable_ids: set[int] = frozenset()
    #: after validation: (product id, quantity) of the filled rows
    wanted: list[tuple[int, int]]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.wanted = []
        for row in self.lines:
            if _check_row(row, self.orderable_ids, self.wanted):
                continue
            valid = False
        if valid and not self.wanted:
            self.lines[0].product.errors.append(gettext("Choose at least one product."))
            valid = False
        return valid


def _check_row(row, orderable_ids, wanted: list[tuple[int, int]]) -> bool:
    """Add the row to `wanted` or put an error on it; an empty row is fine."""
    raw_product = (row.product.data or "").strip()
    raw_quantity = ascii_digits((row.quantity.data or "").strip())
    if not raw_product:
        if raw_quantity:
            row.product.errors.append(gettext("Choose the product for this quantity."))
            return False
        return True
    product_id = whole_number(raw_product)
    if product_id not in orderable_ids:
        row.product.errors.append(gettext("Choose a product from the list."))
        return False
    quantity = whole_number(raw_quantity or "1", most_digits=4)
    if quantity is None or not 0 < quantity <= phone_orders.MAX_QUANTITY:
        row.quantity.errors.append(gettext(
            "Write a whole number of units from 1 to %(most)d.", most=phone_orders.MAX_QUANTITY))
        return False
    wanted.append((product_id, quantity))
    return True


def _slot_label(choice) -> str:
    slot = choice.slot
    return f"{choice.day:%d.%m} · {slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"


def _prepare(form: PhoneOrderForm, sub_division):
    """Fill the form's choices; return the products in stock by group and the slot
    choices. A product sold out since the form was shown still passes the form, so that
    the refusal names it."""
    products = phone_orders.list_orderable_products(sub_division.id)
    choices = offered_choices(sub_division.id, utcnow())
    form.orderable_ids = {p.id for p in products}
    products = [p for p in products if p.stock > 0]
    form.village.choices = village_choices(sub_division.id)
    form.slot.choices = [(c.value, _slot_label(c)) for c in choices]
    # In the names the reader sees, in their alphabet: a Hindi reader looks for शहद among
    # Hindi names, not in the English names' order.
    locale = str(get_locale())
    by_group: dict = {}
    for product in products:
        by_group.setdefault(product.group, []).append(product)
    groups = [(group, by_name(by_group[group], locale)) for group in by_name(by_group, locale)]
    return groups, choices


def _render(form, sub_division, groups, choices, *, status=200, error=None, focus=None,
            caller=None):
    return render_template("panel/phone_order.html", form=form, sub_division=sub_division,
                           groups=groups, choices=choices, error=error, focus=focus,
                           caller=caller), status


def _placed_order(raw: str | None):
    """The order just placed, to show on top of the next form (only the sub-division's)."""
    order_id = whole_number(raw)
    if order_id is None:
        return None
    order = get_order(order_id)
    if order is None or order.sub_division_id != working_sub_division().id:
        return None
    return order


@bp.route("")
def new():
    """Step one (no ?phone=): the number only. Step two: the order form, filled in for a
    known caller."""
    sub_division = working_sub_division()
    placed = _placed_order(request.args.get("placed"))
    raw_phone = request.args.get("phone")
    if raw_phone is None:
        return render_template("panel/phone_order_start.html", placed=placed, error=None,
                               phone="", sub_division=sub_division), 200
    phone = try_normalize_phone(raw_phone)
    if phone is None:
        error = gettext("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345.")
        return render_template("panel/phone_order_start.html", placed=None, error=error,
                               phone=raw_phone[:25], sub_division=sub_division), 400
    caller = phone_orders.find_caller(phone, sub_division.id)
    form = PhoneOrderForm(formdata=None, data={
        "phone": phone, "contact_name": caller.name, "language": caller.language,
        "village": caller.village_id, "address": caller.address,
        "checkout_key": uuid.uuid4().hex})
    groups, choices = _prepare(form, sub_division)
    open_choice = next((c for c in choices if not c.is_full), None)
    form.slot.data = open_choice.value if open_choice else None
    focus = "lines-0-product" if caller.name and caller.address else "contact_name"
    return _render(form, sub_division, groups, choices, focus=focus, caller=caller)


@bp.route("", methods=["POST"])
def place():
    sub_division = working_sub_division()
    key = (request.form.get("checkout_key") or "")[:64]
    earlier = find_checkout(current_user.id, key) if key else None
    if earlier is not None:  # a second submission shows the first order
        return redirect(url_for(".new", placed=earlier.id), 303)
    form = PhoneOrderForm()
    groups, choices = _prepare(form, sub_division)
    if not key:
        form.checkout_key.data = uuid.uuid4().hex
    if not form.validate_on_submit():
        return _render(form, sub_division, groups, choices, status=400,
                       error=gettext("Please correct what is marked below."))

    def take() -> Order:
        slot_id, day = parse_choice(form.slot.data)
        return phone_orders.take_phone_order(form.wanted, phone_orders.PhoneOrderDetails(
            phone=form.phone.e164, contact_name=form.contact_name.data,
            language=form.language.data, village_id=form.village.data,
            address=form.address.data, slot_id=slot_id, delivery_date=day,
            checkout_key=form.checkout_key.data[:64], note=form.note.data or ""),
            sub_division=sub_division, actor=current_user, now=utcnow())

    def refused(error: DomainError):
        groups, choices = _prepare(form, sub_division)
        return _render(form, sub_division, groups, choices, status=error.status,
                       error=phone_order_error(error))

    def placed(order: Order):
        flash(gettext("Order %(number)s is placed. The caller gets a message.",
                      number=order.number), "success")
        return redirect(url_for(".new", placed=order.id), 303)

    try:
        return commit_or_refuse(take, done=placed, refused=refused)
    except DuplicateCheckout:
        db.session.rollback()
        order = find_checkout(current_user.id, form.checkout_key.data[:64]) or abort(409)
        return redirect(url_for(".new", placed=order.id), 303)


def phone_order_error(error: DomainError) -> str:
    """Words for staff: the product that ran out is named, with what is left."""
    if error.code != OrderError.NOT_ENOUGH_STOCK:
        return error.message
    product_id = whole_number(str(error))
    product = get_product(product_id) if product_id is not None else None
    if product is None:
        return gettext("Not enough in stock for a product; look at the numbers left in the "
                       "list.")
    return gettext("Not enough %(product)s in stock: %(count)d left.",
                   product=localized(product, "name", str(get_locale())), count=product.stock)
