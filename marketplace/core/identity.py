"""Identity numbers we must recognise in order never to store them."""

from __future__ import annotations

import re

from stdnum.in_ import aadhaar

from marketplace.core.text import ascii_digits

# 12 digits, alone or in groups of 4 split by a space, hyphen or dot (1234 5678 9012).
_TWELVE_DIGITS = re.compile(
    r"(?<![0-9])([0-9]{4}[ \-.\u00a0]?[0-9]{4}[ \-.\u00a0]?[0-9]{4})(?![0-9])")


def looks_like_aadhaar(text: str | None) -> bool:
    """True when the text holds a 12-digit number (ASCII or Devanagari digits, grouped or
    not) that passes Aadhaar's checks (Verhoeff)."""
    return any(aadhaar.is_valid(re.sub("[^0-9]", "", match))
               for match in _TWELVE_DIGITS.findall(ascii_digits(text or "")))
