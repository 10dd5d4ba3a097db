"""How many of a product: whole units of its unit, typed in ASCII or Devanagari digits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import ValidationError

from marketplace.cart.services import MAX_QUANTITY
from marketplace.core.forms import Form
from marketplace.core.text import ascii_digits


class QuantityField(StringField):
    """After validation `.quantity` holds the whole number (0 allowed only to remove)."""

    quantity: int | None = None

    def __init__(self, *args, allow_zero: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "maxlength": 4, "size": 3})
        super().__init__(*args, **kwargs)
        self.allow_zero = allow_zero

    def pre_validate(self, form) -> None:
        raw = ascii_digits((self.data or "").strip())
        if not raw:
            raise ValidationError(_l("Enter how many."))
        if not (raw.isascii() and raw.isdigit()):
            if raw.replace(".", "", 1).replace(",", "", 1).isdigit():
                raise ValidationError(_l("Use whole numbers of the unit, e.g. 2 for 2 × 500 g."))
            raise ValidationError(_l("Enter a number, e.g. 2."))
        if len(raw) > 6:  # also keeps int() away from absurd lengths
            raise ValidationError(_l("At most %(max)d at a time.", max=MAX_QUANTITY))
        value = int(raw)
        if value < (0 if self.allow_zero else 1):
            raise ValidationError(_l("Enter at least 1."))
        if value > MAX_QUANTITY:
            raise ValidationError(_l("At most %(max)d at a time.", max=MAX_QUANTITY))
        self.quantity = value


class AddToCartForm(Form):
    quantity = QuantityField(_l("How many"), default="1")
    #: "start a new cart": the products of another sub-division leave the cart first
    start_over = BooleanField()


class ChangeQuantityForm(Form):
    quantity = QuantityField(_l("How many"), allow_zero=True)
