"""Exports cannot smuggle a formula into a spreadsheet."""

from decimal import Decimal

import pytest

from marketplace.core.spreadsheet import safe_cell, to_csv


def test_cells_that_could_start_a_formula_are_quoted():
    for dangerous in ("=1+1", "+91 98160", "@SUM(A1)", "=HYPERLINK(\"x\")", "\tx", "\r=1",
                      "-2+3", "-1-cmd", "-A1", "- 5", "-", "-1e5", "-1,234.50=", "-1,234.50\n=1",
                      "-=1", "-50 ", "-\u0665\u0660"):
        assert safe_cell(dangerous).startswith("'"), dangerous


@pytest.mark.parametrize("negative", [-50, "-50", "-1234.5", "-1,234.50", "-1,23,456.00", -2.25,
                                      Decimal("-0.50")])
def test_negative_numbers_stay_numbers(negative):
    assert safe_cell(negative) == str(negative)
    row = to_csv(["amount"], [[negative]]).splitlines()[1]
    assert row == str(negative) or row == f'"{negative}"'
    assert safe_cell("सुनीता") == "सुनीता" and safe_cell(42) == "42" and safe_cell(None) == ""


def test_csv_has_a_bom_for_excel_and_quotes_every_cell():
    text = to_csv(["a"], [["=cmd|' /C calc'!A0"]])
    assert text.startswith("\ufeffa\r\n") and "'=cmd" in text
