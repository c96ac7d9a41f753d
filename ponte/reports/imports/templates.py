"""The template of each kind, to download and fill in: an XLSX workbook whose first sheet has
the header row (the fixed column keys) and whose second sheet explains every column, with its
allowed values and an example; and the same header as a CSV file (UTF-8 with BOM and “;”, as
Excel in Italian reads it)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from ponte.core.exports import neutralised, without_formulas
from ponte.imports.kinds import ImportKind

DATA_SHEET = "dati"
HELP_SHEET = "istruzioni"


def allowed_values(kind: type[ImportKind], key: str) -> str:
    column = kind.column_by_key(key)
    if column.choices:
        return "; ".join(f"{code} ({label})" for code, label in column.choices)
    return {
        "date": _("a date, dd/mm/yyyy"),
        "integer": _("a whole number"),
        "decimal": _("a number, e.g. 12,50"),
        "boolean": _("sì or no"),
        "municipality": _("name or ISTAT code of a municipality of the district"),
        "organisation": _("VAT number, fiscal code or name of an organisation in Ponte"),
        "levels": _("numbers of levels, separated by commas"),
        "level": _("the number of a level"),
        "days": "lun, mar, mer, gio, ven, sab, dom",
        "user": _("a username"),
    }.get(column.kind, _("text"))


def template_xlsx(kind: type[ImportKind]) -> bytes:
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = DATA_SHEET
    bold = Font(bold=True)
    for index, column in enumerate(kind.columns, start=1):
        cell = data.cell(row=1, column=index, value=column.key)
        cell.font = bold
        cell.comment = Comment(str(column.help), "Ponte")
        data.column_dimensions[cell.column_letter].width = max(14, len(column.key) + 4)
    data.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(
        [_("Column"), _("Required"), _("What it holds"), _("Allowed values"), _("Example")]
    )
    for cell in help_sheet[1]:
        cell.font = bold
    for column in kind.columns:
        help_sheet.append(
            [
                column.key,
                _("yes") if column.required else _("no"),
                str(column.help),
                allowed_values(kind, column.key),
                column.example,
            ]
        )
    for letter, width in zip("ABCDE", (24, 12, 70, 60, 30), strict=True):
        help_sheet.column_dimensions[letter].width = width
    output = io.BytesIO()
    without_formulas(workbook).save(output)
    return output.getvalue()


def template_csv(kind: type[ImportKind]) -> bytes:
    header = ";".join(neutralised(column.key) for column in kind.columns)
    return ("\ufeff" + header + "\r\n").encode("utf-8")
