"""A day typed into a date box, as the box sends it or as people write it."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.core.dates import parse_day
from marketplace.core.errors import InvalidInput


@pytest.mark.parametrize("typed", ["2026-12-09", "09-12-2026", "9.12.2026", "09/12/2026",
                                   "२०२६-१२-०९", "०९-१२-२०२६", " 9-12-2026 "])
def test_a_day_is_read_as_the_box_sends_it_or_as_people_write_it(typed):
    assert parse_day(typed) == date(2026, 12, 9)


@pytest.mark.parametrize(("typed", "code"), [
    ("", "date_format"), ("tomorrow", "date_format"), ("31-02-2026", "date_format"),
    ("12/09/26", "date_format"), ("٠٩-١٢-٢٠٢٦", "date_format"), ("9" * 500, "date_format"),
    ("2026-12-09\x00", "date_format"), ("01-01-1999", "date_range"),
    ("01-01-2101", "date_range")])
def test_what_is_not_a_day_is_refused_with_its_reason(typed, code):
    with pytest.raises(InvalidInput) as error:
        parse_day(typed)
    assert error.value.code == code
