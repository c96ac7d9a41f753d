"""The funder report journey in a real browser, every page checked with axe-core.

The coordinator opens the dashboard, filters it by last year and a valley, follows the link to
prepare a report for the funders with that filter (the form comes filled in), and asks for it.
The report is queued: its page shows a progress bar that htmx polls. The background worker
(here the test, as `make worker` would) builds it; the page notices by itself and offers the
workbook and the PDF, which the coordinator downloads. A case worker cannot know it exists.

Like the other journeys, the test finds elements by address, name attribute, id or role and
compares only texts that come from the data, never translated wording.
"""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ponte.network.models import Valley
from ponte.reports import services
from ponte.reports.indicators import INDICATORS
from ponte.reports.models import FunderReport
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.journey import open_link, sign_out, url

pytestmark = pytest.mark.browser

COORDINATOR = "coordinatore"
CASE_WORKER = "operatore.lerais"
# Building a report (charts, PDF) takes a few seconds on a busy machine.
TIMEOUT_MS = 120_000


def test_from_the_dashboard_to_a_downloaded_funder_report(
    page: Page, demo_district: str, settings, tmp_path: Path
) -> None:
    base = demo_district
    settings.MEDIA_ROOT = tmp_path
    # Tasks wait in the queue, as with TASKS_BACKEND=database before the worker picks them up.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    last_year = date.today().year - 1
    start, end = date(last_year, 1, 1), date(last_year, 12, 31)
    valley = Valley.objects.order_by("name").first()
    assert valley is not None

    # 1. The dashboard, filtered by last year and a valley. ----------------------------------
    sign_in(page, base, COORDINATOR, check=True)
    page.goto(base + url("reports:dashboard"))
    check_accessibility(page, context="(dashboard)")
    filters = page.locator("main form[method=get]").first
    filters.locator("input[name=start]").fill(start.isoformat())
    filters.locator("input[name=end]").fill(end.isoformat())
    filters.locator("select[name=valley]").select_option(valley.code)
    with page.expect_navigation():
        filters.locator("button[type=submit]").first.click()
    expect(page.locator("#dashboard-scope")).to_contain_text(valley.name)
    check_accessibility(page, context="(dashboard, filtered)")

    # 2. The report form, filled in with the dashboard's filter. --------------------------------
    page.locator(f"main a[href^='{url('reports:funder_reports')}']").first.click()
    page.wait_for_url(f"**{url('reports:funder_reports')}?*")
    form = page.locator("main form[method=post]").first
    expect(form.locator("input[name=start]")).to_have_value(start.isoformat())
    expect(form.locator("input[name=end]")).to_have_value(end.isoformat())
    expect(form.locator("select[name=valley]")).to_have_value(valley.code)
    check_accessibility(page, context="(funder reports, form)")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()

    # 3. Queued: the page shows the progress bar and polls it. ----------------------------------
    report = FunderReport.objects.get()
    report_page = url("reports:funder_report", report.code)
    assert page.url.endswith(report_page)
    assert (report.start, report.end, report.valley) == (start, end, valley)
    assert report.status == FunderReport.Status.QUEUED
    progress = page.locator("main progress#funder-progress-bar")
    expect(progress).to_have_attribute("value", "0")
    expect(page.locator("main label[for=funder-progress-bar]")).to_contain_text("0%")
    check_accessibility(page, context="(funder report, queued)")

    # 4. The worker builds it; the page notices and offers the downloads. -----------------------
    services.funder_report_build(report=report)
    report.refresh_from_db()
    assert report.status == FunderReport.Status.DONE and report.progress == 100
    xlsx_link = page.locator(
        f"main a[href='{url('reports:funder_download', report.code, 'xlsx')}']"
    )
    expect(xlsx_link).to_be_visible()  # htmx saw the end and reloaded the page
    expect(progress).to_have_count(0)
    check_accessibility(page, context="(funder report, ready)")

    with page.expect_download() as download:
        xlsx_link.click()
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert len(book.sheetnames) == 1 + len(INDICATORS)
    assert book.worksheets[0]["B4"].value.date() == start

    with page.expect_download() as download:
        page.locator(f"main a[href='{url('reports:funder_download', report.code, 'pdf')}']").click()
    pdf = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert valley.name in text and report.code in text

    # 5. The list keeps it for later. -----------------------------------------------------------
    page.goto(base + url("reports:funder_reports"))
    expect(page.locator(f"main a[href='{report_page}']")).to_be_visible()
    check_accessibility(page, context="(funder reports, list)")
    open_link(page, report_page)

    # 6. A case worker may not know it exists. --------------------------------------------------
    sign_out(page)
    sign_in(page, base, CASE_WORKER)
    response = page.goto(base + report_page)
    assert response is not None and response.status == 404
    response = page.goto(base + url("reports:funder_download", report.code, "pdf"))
    assert response is not None and response.status == 404
