"""Money typed by people becomes integer paise, or a clear refusal; paise show as rupees."""

from __future__ import annotations

import pytest

from marketplace.core.errors import InvalidInput
from marketplace.core.money import format_rupees, paise_to_input, parse_rupees


@pytest.mark.parametrize(
    ("typed", "paise"),
    [
        ("120", 12000),
        ("120.5", 12050),
        ("120.50", 12050),
        (" 1,234.50 ", 123450),
        ("1,23,456", 12345600),
        ("₹12", 1200),
        ("Rs. 40", 4000),
        ("१२०", 12000),
        ("०.५०", 50),
        (".75", 75),
    ],
)
def test_amounts_people_type_become_paise(typed, paise):
    assert parse_rupees(typed) == paise


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "money_required"),
        ("₹", "money_required"),
        ("NaN", "money_format"),
        ("sNaN", "money_format"),
        ("Infinity", "money_format"),
        ("-Infinity", "money_format"),
        ("1e999999", "money_format"),
        ("1e3", "money_format"),
        ("12,50", "money_format"),
        ("-5", "money_format"),
        ("12.5.0", "money_format"),
        ("twelve", "money_format"),
        ("0x10", "money_format"),
        ("12.345", "money_paise"),
        ("0", "money_zero"),
        ("0.00", "money_zero"),
        ("99999999999999999999", "money_too_large"),
        ("10000001", "money_too_large"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(typed, code):
    with pytest.raises(InvalidInput) as refused:
        parse_rupees(typed)
    assert refused.value.code == code


def test_zero_can_be_allowed_where_it_means_free():
    assert parse_rupees("0", allow_zero=True) == 0


@pytest.mark.parametrize(
    ("paise", "shown"),
    [(0, "₹0"), (5, "₹0.05"), (12000, "₹120"), (12050, "₹120.50"), (123456750, "₹12,34,567.50"),
     (100000000, "₹10,00,000"), (-2500, "−₹25"), (-7350, "−₹73.50")],
)
def test_paise_are_shown_as_rupees_with_indian_grouping(paise, shown):
    assert format_rupees(paise) == shown


def test_a_stored_amount_goes_back_into_a_form_unchanged():
    for paise in (1, 50, 12000, 12050, 99999999):
        assert parse_rupees(paise_to_input(paise)) == paise


@pytest.mark.parametrize(("paise", "written"),
                         [(-150, "-1.50"), (-12000, "-120"), (-5, "-0.05"), (0, "0")])
def test_a_negative_amount_is_written_with_its_sign_in_front(paise, written):
    # Spreadsheet figures (a week's revenue less a larger refund) can be below zero.
    assert paise_to_input(paise) == written
