"""Reading a report's filter (from, to, sub-division) and the grid of targets from a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from werkzeug.datastructures import MultiDict

from marketplace.core.dates import parse_day
from marketplace.core.errors import ErrorCode, InvalidInput
from marketplace.core.text import ascii_digits, whole_number
from marketplace.reports.errors import ReportError
from marketplace.reports.queries import Period
from marketplace.reports.services import MAX_TARGET

#: weeks a report shows when no dates are given
DEFAULT_WEEKS = 12
_TARGET_FIELD = re.compile(r"^target-(\d{1,9})-(\d{1,9})$")


def default_period(today: date) -> Period:
    """The last DEFAULT_WEEKS ISO weeks, this one included, up to today."""
    monday = today - timedelta(days=today.weekday())
    return Period(monday - timedelta(weeks=DEFAULT_WEEKS - 1), today)


@dataclass
class ReportFilter:
    """What the filter form shows again, and what it means: a period (None when the input
    was refused, with `error` the code) and a chosen sub-division id for admins."""

    raw_from: str
    raw_to: str
    raw_sub_division: str
    period: Period | None = None
    sub_division_id: int | None = None
    error: ErrorCode | None = None

    def args(self) -> dict[str, str]:
        """The query string that reproduces this filter (for CSV links)."""
        values = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()} \
            if self.period else {}
        if self.sub_division_id is not None:
            values["sub_division"] = str(self.sub_division_id)
        return values


def parse_filter(args: MultiDict, *, today: date) -> ReportFilter:
    """from/to as dates (core.dates.parse_day; both empty: the default period; one empty:
    that end of the default), sub_division as an id or empty for all. Never raises: see
    `error`."""
    raw_from = (args.get("from") or "")[:40]
    raw_to = (args.get("to") or "")[:40]
    raw_sub_division = (args.get("sub_division") or "")[:40]
    result = ReportFilter(raw_from, raw_to, raw_sub_division)
    chosen = ascii_digits(raw_sub_division).strip()
    if chosen and chosen != "all":
        result.sub_division_id = whole_number(chosen)
        if result.sub_division_id is None:
            result.error = ReportError.SUB_DIVISION
            return result
    fallback = default_period(today)
    try:
        start = parse_day(raw_from) if raw_from.strip() else fallback.start
        end = parse_day(raw_to) if raw_to.strip() else fallback.end
        result.period = Period.checked(start, end, today=today)
    except InvalidInput as error:
        result.error = error.code
        return result
    result.raw_from, result.raw_to = start.isoformat(), end.isoformat()
    return result


def target_field(block_id: int, category_id: int) -> str:
    return f"target-{block_id}-{category_id}"


@dataclass
class TargetGrid:
    values: dict[tuple[int, int], int | None]
    #: {field name: error code}
    errors: dict[str, ReportError]
    #: what was typed, to show again
    raw: dict[str, str]


def parse_target_grid(form: MultiDict, cells: list[tuple[int, int]]) -> TargetGrid:
    """One whole number (0..MAX_TARGET) or nothing (no target) per cell sent; a cell not sent
    is left as it is. A target-* field for a cell not on the page (another sub-division's
    block) is refused as target_block."""
    grid = TargetGrid({}, {}, {})
    expected = {target_field(*cell): cell for cell in cells}
    for name in form:
        if name.startswith("target-") and name not in expected:
            grid.errors[name] = (ReportError.TARGET_BLOCK if _TARGET_FIELD.match(name)
                                else ReportError.TARGET_NUMBER)
    for name, cell in expected.items():
        if name not in form:
            continue  # not sent: left as it is
        raw = (form.get(name) or "")[:20]
        grid.raw[name] = raw
        text = raw.strip().replace(",", "")
        number = whole_number(text, most_digits=6)
        if not text:
            grid.values[cell] = None
        elif number is not None and number <= MAX_TARGET:
            grid.values[cell] = number
        else:
            grid.errors[name] = ReportError.TARGET_NUMBER
    return grid
