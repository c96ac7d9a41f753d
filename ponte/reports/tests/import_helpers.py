"""Helpers of the import tests: files in memory, uploads through the page."""

import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from ponte.reports.models import ImportBatch

Table = Sequence[Sequence[object]]


def csv_bytes(table: Table, *, separator: str = ";", bom: bool = True) -> bytes:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text}"' if separator in text or '"' in text else text

    text = "\r\n".join(separator.join(cell(v) for v in row) for row in table) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in table:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client: Client, kind: str, name: str, content: bytes):  # type: ignore[no-untyped-def]
    """Post the file to the imports page (the dry run runs at once in tests)."""
    return client.post(
        reverse("reports:imports"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def last_batch() -> ImportBatch:
    return ImportBatch.objects.order_by("-id").first()  # type: ignore[return-value]


def start(client: Client, batch: ImportBatch):  # type: ignore[no-untyped-def]
    return client.post(reverse("reports:import_start", args=[batch.code]))


def errors_of(batch: ImportBatch) -> list[tuple[int, str]]:
    return [(row, column) for row, column, _message in batch.report.get("errors", [])]


def actions_of(batch: ImportBatch) -> list[str]:
    return [action for _number, action, _label, _changed in batch.report.get("rows", [])]
