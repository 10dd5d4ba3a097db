"""Money is integer paise: one place parses what people type and formats rupees for people."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode, InvalidInput
from marketplace.core.text import ascii_digits

PAISE_PER_RUPEE = 100
#: ₹1 crore: far above anything sold or charged here, far below any integer limit
MAX_PAISE = 10_000_000 * PAISE_PER_RUPEE

# 1234, 1234.5, 1234.50, 1,234.50, 1,23,456.50 (Indian or Western grouping), .50
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})*,\d{3}|\d+)?(?:\.\d{1,2})?$")
_PREFIXES = ("₹", "rs.", "rs", "inr")


class MoneyError(ErrorCode):
    MONEY_REQUIRED = "money_required", _l("Enter an amount in rupees.")
    MONEY_FORMAT = "money_format", _l("Write the amount in rupees with digits, e.g. 450 or "
                                      "450.50.")
    MONEY_PAISE = "money_paise", _l("Use at most two digits after the point (paise).")
    MONEY_ZERO = "money_zero", _l("The amount must be more than zero.")
    MONEY_TOO_LARGE = "money_too_large", _l("That amount is too large.")


def parse_rupees(text: str | None, *, allow_zero: bool = False) -> int:
    """'₹1,234.50' → 123450. Raises InvalidInput with codes:

    money_required, money_format (NaN, Infinity, 1e5, 12,50, letters…), money_paise (more than
    two decimals), money_zero, money_too_large. Devanagari digits are read as digits.
    """
    raw = ascii_digits((text or "").strip()).replace(" ", "").replace("\u00a0", "")
    lowered = raw.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            raw = raw[len(prefix):]
            break
    if not raw:
        raise InvalidInput(MoneyError.MONEY_REQUIRED)
    if re.fullmatch(r"[\d,]*\.\d{3,}", raw):
        raise InvalidInput(MoneyError.MONEY_PAISE)
    if not _AMOUNT.match(raw) or raw in (".",):
        raise InvalidInput(MoneyError.MONEY_FORMAT)
    rupees, _, paise = raw.replace(",", "").partition(".")
    if len(rupees) > 12:
        raise InvalidInput(MoneyError.MONEY_TOO_LARGE)
    amount = int(rupees or "0") * PAISE_PER_RUPEE + int((paise + "00")[:2])
    if amount > MAX_PAISE:
        raise InvalidInput(MoneyError.MONEY_TOO_LARGE)
    if amount == 0 and not allow_zero:
        raise InvalidInput(MoneyError.MONEY_ZERO)
    return amount


def _group_indian(number: int) -> str:
    digits = str(number)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


def format_rupees(paise: int | None) -> str:
    """123456750 → '₹12,34,567.50'; whole rupees drop the paise: 12000 → '₹120'; a sum owed
    the other way leads with a minus sign: -2500 → '−₹25'."""
    if paise is None:
        return ""
    sign = "\u2212" if paise < 0 else ""
    rupees, rest = divmod(abs(int(paise)), PAISE_PER_RUPEE)
    text = f"{sign}₹{_group_indian(rupees)}"
    return f"{text}.{rest:02d}" if rest else text


def paise_to_input(paise: int | None) -> str:
    """The value to put back into a form field (or a spreadsheet): 12050 → '120.50',
    -150 → '-1.50'."""
    if paise is None:
        return ""
    sign = "-" if paise < 0 else ""
    rupees, rest = divmod(abs(int(paise)), PAISE_PER_RUPEE)
    return f"{sign}{rupees}.{rest:02d}" if rest else f"{sign}{rupees}"
