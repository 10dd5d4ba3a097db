"""Form pieces every domain uses: phone and code fields, a button-only form."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from marketplace.core.phone import try_normalize_phone


def ascii_digits(text: str) -> str:
    """Turn any decimal digits (Devanagari ०-९ included) into ASCII 0-9."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch
        for ch in text
    )


class EmptyForm(FlaskForm):
    """For buttons that POST: carries only the CSRF token."""


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
