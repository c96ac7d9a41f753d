"""The files of a funder report, from sections already computed and suppressed
(services.funder_report_data):

- the workbook (openpyxl): a cover sheet with the scope, then one sheet per indicator with its
  definition and its table; numbers are numeric cells with number formats (Excel and
  LibreOffice show them with the reader's separators: 1.234,5 in Italian), "<5" stays text;
- the PDF (WeasyPrint): a cover, the contents, then the indicators grouped by the three
  dimensions of "Welfare Km zero", each with its chart (inline SVG) and its table."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ponte.core.exports import without_formulas
from ponte.network.selectors import current_district
from ponte.projects.models import Indicator as ProjectIndicator
from ponte.reports.charts import chart_for, format_cell
from ponte.reports.indicators import Scope
from ponte.reports.models import FunderReport
from ponte.reports.services import Section

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD/MM/YYYY"
INTEGER_FORMAT = "#,##0"
ONE_DECIMAL_FORMAT = "#,##0.0"
TWO_DECIMALS_FORMAT = "#,##0.00"
# The header row of each indicator's table (the rows above hold its title and definition).
HEADER_ROW = 6
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")


def scope_lines(report: FunderReport, scope: Scope) -> dict[str, str]:
    """The scope in words, for the cover of both files."""
    return {
        "valley": str(scope.valley) if scope.valley else _("Both valleys"),
        "subprojects": ", ".join(sub.title for sub in scope.subprojects) or _("All sub-projects"),
    }


# Workbook ----------------------------------------------------------------------------------------


def number_format(value: Decimal | int | float) -> str:
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return INTEGER_FORMAT
        return ONE_DECIMAL_FORMAT if exponent == -1 else TWO_DECIMALS_FORMAT
    return ONE_DECIMAL_FORMAT


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    if is_number(value):
        cell.value = value
        cell.number_format = number_format(value)
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is None:
        cell.value = None
    else:
        cell.value = str(value)
        if column > 1:
            cell.alignment = RIGHT  # "<5" stands among the numbers


def sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = INVALID_SHEET_CHARACTERS.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def _cover_sheet(sheet: Worksheet, report: FunderReport, scope: Scope) -> None:
    district = current_district()
    lines = scope_lines(report, scope)
    sheet["A1"] = _("Report for the funders")
    sheet["A1"].font = TITLE
    sheet["A2"] = district.name if district else ""
    requested = timezone.localtime(report.requested_at).replace(tzinfo=None)
    rows: list[tuple[str, Any, str]] = [
        (_("From"), scope.start, DATE_FORMAT),
        (_("To"), scope.end, DATE_FORMAT),
        (_("Valley"), lines["valley"], ""),
        (_("Sub-projects"), lines["subprojects"], ""),
        (_("Prepared on"), requested, "DD/MM/YYYY HH:MM"),
        (_("Report code"), report.code, ""),
    ]
    for offset, (label, value, fmt) in enumerate(rows, start=4):
        sheet.cell(row=offset, column=1, value=label).font = BOLD
        cell = sheet.cell(row=offset, column=2, value=value)
        if fmt:
            cell.number_format = fmt
            cell.alignment = Alignment(horizontal="left")
    note = sheet.cell(row=len(rows) + 5, column=1, value=consent_note())
    note.alignment = WRAP
    sheet.merge_cells(start_row=len(rows) + 5, start_column=1, end_row=len(rows) + 5, end_column=4)
    sheet.row_dimensions[len(rows) + 5].height = 60
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 48


def consent_note() -> str:
    return _(
        "Only the people whose consent to statistics is in force on the last day of the period "
        "are counted. Counts from 1 to 4, and the rates and totals that would reveal them, are "
        'shown as "<5" or left empty.'
    )


def _section_sheet(sheet: Worksheet, section: Section) -> None:
    item, table = section.indicator, section.table
    sheet["A1"] = str(item.title)
    sheet["A1"].font = TITLE
    sheet["A2"] = item.dimension_label
    sheet["A3"] = str(item.definition)
    sheet["A4"] = _("Unit: %(unit)s") % {"unit": item.unit}
    for column, header in enumerate(table.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=str(header))
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column)].width = 40 if column == 1 else 16
    for offset, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for column, value in enumerate(row, start=1):
            write_cell(sheet, offset, column, value)
        sheet.cell(row=offset, column=1).font = BOLD
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)


def funder_xlsx(report: FunderReport, scope: Scope, sections: list[Section]) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    assert cover is not None
    used: set[str] = set()
    cover.title = sheet_title(_("Cover"), used)
    _cover_sheet(cover, report, scope)
    for section in sections:
        sheet = workbook.create_sheet(sheet_title(str(section.indicator.title), used))
        _section_sheet(sheet, section)
    buffer = BytesIO()
    without_formulas(workbook).save(buffer)
    return buffer.getvalue()


# PDF ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfSection:
    key: str
    title: str
    definition: str
    unit: str
    svg: SafeString | None
    columns: list[str]
    rows: list[list[str]]


def _pdf_groups(sections: list[Section]) -> list[tuple[str, list[PdfSection]]]:
    groups: list[tuple[str, list[PdfSection]]] = []
    for dimension, label in ProjectIndicator.Dimension.choices:
        members = [
            PdfSection(
                key=section.indicator.key,
                title=str(section.indicator.title),
                definition=str(section.indicator.definition),
                unit=str(section.indicator.unit),
                svg=chart_for(section.indicator, section.table),
                columns=[str(column) for column in section.table.columns],
                rows=[[format_cell(value) for value in row] for row in section.table.rows],
            )
            for section in sections
            if section.indicator.dimension == dimension
        ]
        if members:
            groups.append((str(label), members))
    return groups


def funder_pdf(report: FunderReport, scope: Scope, sections: list[Section]) -> bytes:
    import weasyprint  # imported here: loading pango takes a moment that pages need not pay

    district = current_district()
    html = render_to_string(
        "reports/funder_pdf.html",
        {
            "report": report,
            "scope": scope,
            "lines": scope_lines(report, scope),
            "groups": _pdf_groups(sections),
            "district": district,
            "note": consent_note(),
            "prepared_on": formats.date_format(
                timezone.localtime(report.requested_at)
                if isinstance(report.requested_at, datetime)
                else report.requested_at,
                "DATE_FORMAT",
            ),
        },
    )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf
