"""Identity numbers we must recognise in order never to store them."""

from __future__ import annotations

import re

from stdnum.in_ import aadhaar

_TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{4}[ -]?\d{4}[ -]?\d{4})(?!\d)")


def looks_like_aadhaar(text: str | None) -> bool:
    """True when the text holds a 12-digit number that passes Aadhaar's checks (Verhoeff)."""
    return any(aadhaar.is_valid(match) for match in _TWELVE_DIGITS.findall(text or ""))


AADHAAR_MASK = "XXXX XXXX XXXX"


def aadhaar_numbers(text: str | None) -> list[str]:
    """Every Aadhaar-valid 12-digit number in the text (with or without spaces/hyphens)."""
    return [match for match in _TWELVE_DIGITS.findall(text or "") if aadhaar.is_valid(match)]


def mask_aadhaar(text: str) -> str:
    """The text with every Aadhaar-valid number replaced by AADHAAR_MASK."""
    return _TWELVE_DIGITS.sub(
        lambda m: AADHAAR_MASK if aadhaar.is_valid(m.group(1)) else m.group(0), text)
