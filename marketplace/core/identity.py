"""Identity numbers we must recognise in order never to store them."""

from __future__ import annotations

import re

from stdnum.in_ import aadhaar

_TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{4}[ -]?\d{4}[ -]?\d{4})(?!\d)")


def looks_like_aadhaar(text: str | None) -> bool:
    """True when the text holds a 12-digit number that passes Aadhaar's checks (Verhoeff)."""
    return any(aadhaar.is_valid(match) for match in _TWELVE_DIGITS.findall(text or ""))
