"""Identity numbers we must recognise in order never to store them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.in_ import aadhaar

from marketplace.core.text import ascii_digits

# 12 digits, alone or in groups of 4 split by a space, hyphen or dot (1234 5678 9012).
_TWELVE_DIGITS = re.compile(
    r"(?<![0-9])([0-9]{4}[ \-.\u00a0]?[0-9]{4}[ \-.\u00a0]?[0-9]{4})(?![0-9])")


AADHAAR_MASK = "XXXX XXXX XXXX"
#: an Indian mobile number with its country code (+919816012345, or 919816012345 as WhatsApp
#: writes it) is 12 digits too; it is a phone number, not an Aadhaar number
_PHONE_WITH_COUNTRY_CODE = re.compile(r"91[6-9]\d{9}")
_LETTER = re.compile(r"[A-Za-z]")


def _aadhaar_matches(text: str) -> Iterator[re.Match]:
    # Devanagari digits become ASCII one for one, so positions stay those of the text.
    digits = ascii_digits(text)
    for match in _TWELVE_DIGITS.finditer(digits):
        number = re.sub("[^0-9]", "", match.group(1))
        before = digits[match.start() - 1] if match.start() > 0 else ""
        after = digits[match.end():match.end() + 1]
        if before == "+":
            continue
        # Inside a run of letters and digits (a hex key, a token in a link) it is part of
        # an identifier: random keys hold Verhoeff-valid runs by chance.
        if _LETTER.fullmatch(before or " ") or _LETTER.fullmatch(after or " "):
            continue
        if _PHONE_WITH_COUNTRY_CODE.fullmatch(match.group(1)):
            continue
        if aadhaar.is_valid(number):
            yield match


def looks_like_aadhaar(text: str | None) -> bool:
    """True when the text holds a 12-digit number (ASCII or Devanagari digits, grouped or
    not) that passes Aadhaar's checks (Verhoeff) and is not a phone number with +91."""
    return any(True for _ in _aadhaar_matches(text or ""))


def aadhaar_numbers(text: str | None) -> list[str]:
    """Every Aadhaar-valid 12-digit number in the text (together or grouped), leaving out
    phone numbers written with the country code."""
    return [match.group(1) for match in _aadhaar_matches(text or "")]


def mask_aadhaar(text: str) -> str:
    """The text with every number `aadhaar_numbers` finds replaced by AADHAAR_MASK."""
    for match in reversed(list(_aadhaar_matches(text))):
        text = text[:match.start(1)] + AADHAAR_MASK + text[match.end(1):]
    return text
