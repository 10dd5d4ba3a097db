"""A calendar day as people write it: one place reads what is typed into a date box.

A date box sends 2026-12-09; where a phone's browser shows it as plain text, people type
09-12-2026, 9.12.2026 or ०९/१२/२०२६ (day first, as India writes it), in either script's
digits.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from marketplace.core.errors import ErrorCode, InvalidInput
from marketplace.core.text import ascii_digits

#: how far back and ahead a day may go
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

# [0-9], not \d: other scripts' digits are refused, not read (core/text.py)
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DAY_FIRST = re.compile(r"^([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})$")


class DateError(ErrorCode):
    DATE_FORMAT = "date_format", _l("Write the date as day-month-year, e.g. 01-12-2026.")
    DATE_RANGE = "date_range", _l("Choose a date between the years 2000 and 2100.")


def parse_day(text: str | None) -> date:
    """'2026-12-01' or '01.12.2026' / '1/12/2026' / '01-12-2026', in ASCII or Devanagari
    digits. Raises InvalidInput('date_format') or InvalidInput('date_range')."""
    raw = ascii_digits((text or "").strip())
    iso, day_first = _ISO.match(raw), _DAY_FIRST.match(raw)
    try:
        if iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif day_first:
            day = date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        else:
            raise InvalidInput(DateError.DATE_FORMAT)
    except ValueError as error:
        raise InvalidInput(DateError.DATE_FORMAT) from error
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(DateError.DATE_RANGE)
    return day
