"""Reading an import file: its size and type, and its rows as cells (the first sheet of an XLSX
workbook, or a CSV file in UTF-8 separated by “;”, “,” or a tab). A file that cannot be read as
a whole raises FileProblem, with one message for the user."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from ponte.imports.cells import cell_text

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000

CSV, XLSX = "csv", "xlsx"


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, wrong type, wrong header): one message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def file_format(name: str, content: bytes) -> str:
    """XLSX or CSV, from the name and the content (an XLSX is a zip with a workbook)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise FileProblem(_("The file is not a valid XLSX workbook."))
        return XLSX
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        if content[:4] == b"PK\x03\x04" or b"\x00" in content[:2048]:
            raise FileProblem(_("The file is not a text CSV file."))
        return CSV
    raise FileProblem(_("Upload an XLSX or CSV file (Excel, LibreOffice or a CSV export)."))


def check_size(size: int) -> None:
    if size == 0:
        raise FileProblem(_("The file is empty."))
    if size > MAX_FILE_SIZE:
        raise FileProblem(
            _("The file is too large: at most %(size)d MB.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )


def read_csv(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")
        ) from None
    sample = text[:4096]
    # The separator is the one the header uses most: ";" (Excel in Italian), "," or a tab.
    first_line = sample.splitlines()[0] if sample.strip() else ""
    delimiter = max(";,\t", key=first_line.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise FileProblem(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def read_xlsx(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a bad file
        raise FileProblem(_("The file is not a valid XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(fmt: str, content: bytes) -> list[list[object]]:
    """The rows of the file (first sheet of a workbook), blank rows at the end dropped."""
    rows = read_xlsx(content) if fmt == XLSX else read_csv(content)
    while rows and not any(cell_text(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileProblem(_("The file is empty."))
    return rows
