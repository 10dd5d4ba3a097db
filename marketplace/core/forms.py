"""Form pieces every domain uses: phone and code fields, a button-only form."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import ValidationError

from marketplace.core.errors import InvalidInput
from marketplace.core.money import format_rupees, paise_to_input, parse_rupees
from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import ascii_digits


class EmptyForm(FlaskForm):
    """For buttons that POST: carries only the CSRF token."""


class WholeNumberField(IntegerField):
    """A whole number a person types (a count, years, an id): the form's every IntegerField.

    Refuses more than MAX_DIGITS digits as not a number, before WTForms' NumberRange turns a
    huge int into a float (which overflows past 10**308 and answered 500)."""

    MAX_DIGITS = 18

    def process_formdata(self, valuelist) -> None:
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.invalid_value_message or gettext("Enter a number."))
        super().process_formdata(valuelist)


class PhoneField(StringField):
    """An Indian mobile number; after validation `.e164` holds the stored form."""

    e164: str | None = None

    def pre_validate(self, form) -> None:
        raw = (self.data or "").strip()
        if not raw:
            raise ValidationError(_l("Enter your mobile number."))
        self.e164 = try_normalize_phone(ascii_digits(raw))
        if self.e164 is None:
            raise ValidationError(
                _l("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345.")
            )


class CodeField(StringField):
    """A 6-digit one-time code, typed with any digits and spaces."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data:
            self.data = ascii_digits(self.data).replace(" ", "").replace("-", "")

    def pre_validate(self, form) -> None:
        code = self.data or ""
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("Enter the 6-digit code from the message."))


def money_error_message(code: str) -> str:
    messages = {
        "money_required": gettext("Enter an amount in rupees."),
        "money_format": gettext("Write the amount in rupees with digits, e.g. 450 or 450.50."),
        "money_paise": gettext("Use at most two digits after the point (paise)."),
        "money_zero": gettext("The amount must be more than zero."),
        "money_too_large": gettext("That amount is too large."),
    }
    return messages.get(code, messages["money_format"])


class RupeesField(StringField):
    """An amount typed in rupees; after validation `.paise` holds the integer paise."""

    paise: int | None = None

    def __init__(self, *args, allow_zero: bool = False, max_paise: int | None = None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "maxlength": 16})
        super().__init__(*args, **kwargs)
        self.allow_zero, self.max_paise = allow_zero, max_paise

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return paise_to_input(self.data) if isinstance(self.data, int) else (self.data or "")

    def pre_validate(self, form) -> None:
        if isinstance(self.data, int):
            self.paise = self.data
            return
        try:
            self.paise = parse_rupees(self.data, allow_zero=self.allow_zero)
        except InvalidInput as error:
            raise ValidationError(money_error_message(error.code)) from error
        if self.max_paise is not None and self.paise > self.max_paise:
            raise ValidationError(gettext("The most allowed is %(amount)s.",
                                          amount=format_rupees(self.max_paise)))
