"""Identity numbers we must recognise in order never to store them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.in_ import aadhaar

_TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{4}[ -]?\d{4}[ -]?\d{4})(?!\d)")


def looks_like_aadhaar(text: str | None) -> bool:
    """True when the text holds a 12-digit number that passes Aadhaar's checks (Verhoeff)."""
    return any(aadhaar.is_valid(match) for match in _TWELVE_DIGITS.findall(text or ""))



AADHAAR_MASK = "XXXX XXXX XXXX"
#: an Indian mobile number with its country code (+919816012345, or 919816012345 as WhatsApp
#: writes it) is 12 digits too; it is a phone number, not an Aadhaar number
_PHONE_WITH_COUNTRY_CODE = re.compile(r"91[6-9]\d{9}")


def _aadhaar_matches(text: str) -> Iterator[re.Match]:
    for match in _TWELVE_DIGITS.finditer(text):
        number = match.group(1)
        if match.start() > 0 and text[match.start() - 1] == "+":
            continue
        if _PHONE_WITH_COUNTRY_CODE.fullmatch(number):
            continue
        if aadhaar.is_valid(number):
            yield match


def aadhaar_numbers(text: str | None) -> list[str]:
    """Every Aadhaar-valid 12-digit number in the text (together or with spaces/hyphens),
    leaving out phone numbers written with the country code."""
    return [match.group(1) for match in _aadhaar_matches(text or "")]


def mask_aadhaar(text: str) -> str:
    """The text with every number `aadhaar_numbers` finds replaced by AADHAAR_MASK."""
    for match in reversed(list(_aadhaar_matches(text))):
        text = text[:match.start(1)] + AADHAAR_MASK + text[match.end(1):]
    return text
