"""The checkout form and the small forms on an order's page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.core.forms import Form, PhoneField, int_or_none
from marketplace.delivery.services import parse_choice
from marketplace.orders.checkout import CheckoutDetails
from marketplace.payments.models import PaymentMethod


class CheckoutForm(Form):
    village = SelectField(_l("Village or ward"), coerce=int_or_none,
                          validators=[InputRequired(message=_l("Choose the village or ward."))])
    address = StringField(_l("House and landmark"),
                          validators=[DataRequired(message=_l("Write the address.")),
                                      Length(max=300)], render_kw={"maxlength": 300})
    phone = PhoneField(_l("Mobile number for the delivery"), render_kw={"inputmode": "tel"})
    slot = RadioField(_l("Delivery time"),
                      validators=[InputRequired(message=_l("Choose a delivery time."))])
    note = TextAreaField(_l("Note for the delivery (optional)"), validators=[Length(max=500)],
                         render_kw={"rows": 2, "maxlength": 500})
    payment = RadioField(_l("Payment"), default=PaymentMethod.CASH.value,
                         validators=[InputRequired(message=_l("Choose how to pay."))])
    checkout_key = HiddenField()
    quoted_total = HiddenField()


def payment_choices(online_enabled: bool) -> list[SelectChoice]:
    choices = [SelectChoice(PaymentMethod.CASH.value, _l("Cash on delivery"))]
    if online_enabled:
        choices.append(SelectChoice(PaymentMethod.ONLINE.value,
                                    _l("Pay online now (UPI, card) with Stripe")))
    return choices


def checkout_details_from(form: CheckoutForm, *, name: str, language: str) -> CheckoutDetails:
    """Raises InvalidInput('slot') for a slot value that is not '<id>:<date>'."""
    slot_id, day = parse_choice(form.slot.data)
    quoted = form.quoted_total.data or ""
    return CheckoutDetails(
        village_id=form.village.data, address=form.address.data, phone=form.phone.e164,
        slot_id=slot_id, delivery_date=day, payment_method=PaymentMethod(form.payment.data),
        checkout_key=(form.checkout_key.data or "")[:64],
        quoted_total_paise=int(quoted) if quoted.isascii() and quoted.isdigit()
        and len(quoted) <= 12 else -1,
        note=form.note.data or "", contact_name=name, language=language)


class CancelForm(Form):
    reason = TextAreaField(_l("Why? (optional)"), validators=[Length(max=300)],
                           render_kw={"rows": 2, "maxlength": 300})
