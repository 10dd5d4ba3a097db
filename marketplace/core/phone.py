"""Indian mobile numbers: parse what people type, store E.164, show it readably."""

from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode, InvalidInput
from marketplace.core.text import ascii_digits, has_foreign_digits

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class PhoneError(ErrorCode):
    PHONE = "phone", _l("Enter a valid 10-digit Indian mobile number, e.g. 98160 12345.")


def normalize_phone(raw: str | None) -> str:
    """Return the E.164 form of an Indian mobile number or raise InvalidInput('phone').
    Written with ASCII or Devanagari digits: another script's digits are refused here, as
    everywhere (phonenumbers would read them), whether the number came from a form, a CSV
    or a message."""
    text = ascii_digits((raw or "").strip())
    if not text or len(text) > 25 or has_foreign_digits(text):
        raise InvalidInput(PhoneError.PHONE)
    try:
        number = phonenumbers.parse(text, "IN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput(PhoneError.PHONE) from exc
    if (
        number.country_code != 91
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidInput(PhoneError.PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalize_phone(raw: str | None) -> str | None:
    try:
        return normalize_phone(raw)
    except InvalidInput:
        return None


def display_phone(e164: str | None) -> str:
    """+919816012345 → +91 98160 12345."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(phone: str | None) -> str:
    """+919816012345 → +91•••••••345: enough to tell numbers apart in a log, not to call."""
    text = phone or ""
    if len(text) <= 6:
        return "•" * len(text)
    return text[:3] + "•" * (len(text) - 6) + text[-3:]
