"""CSV that is safe to open in a spreadsheet: no cell can start a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: a negative amount or count as we write them: -50, -1234.5, -1,234.50, -1,23,456.00
_NEGATIVE_NUMBER = re.compile(r"-[0-9]{1,3}(?:,[0-9]{2,3})*(?:\.[0-9]+)?|-[0-9]+(?:\.[0-9]+)?")


def safe_cell(value) -> str:
    """The cell as text that no spreadsheet runs as a formula: text starting with =, +, -, @,
    a tab or a carriage return gets a leading apostrophe. A plain negative number (digits,
    grouping commas and a decimal point after the minus sign) stays a number: it cannot be a
    formula, and an apostrophe would turn it into text that sums ignore."""
    text = "" if value is None else str(value)
    if not text.startswith(_FORMULA_STARTS) or _NEGATIVE_NUMBER.fullmatch(text):
        return text
    return "'" + text


def to_csv(header: list[str], rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A BOM so that Excel opens Devanagari as UTF-8.
    return "\ufeff" + out.getvalue()
