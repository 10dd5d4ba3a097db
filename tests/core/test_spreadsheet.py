"""Exports cannot smuggle a formula into a spreadsheet."""

from marketplace.core.spreadsheet import safe_cell, to_csv


def test_cells_that_could_start_a_formula_are_quoted():
    for dangerous in ("=1+1", "+91 98160", "-2", "@SUM(A1)", "=HYPERLINK(\"x\")"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("सुनीता") == "सुनीता" and safe_cell(42) == "42" and safe_cell(None) == ""


def test_csv_has_a_bom_for_excel_and_quotes_every_cell():
    text = to_csv(["a"], [["=cmd|' /C calc'!A0"]])
    assert text.startswith("\ufeffa\r\n") and "'=cmd" in text
