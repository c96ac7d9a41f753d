"""Funder reports: the request (validated, saved, handed to a background task) and the build
that the task runs — compute the indicators section by section (reporting the progress), then
write the workbook and the PDF.

The computation (`funder_report_data`) is kept apart from the rendering (exports.py) so that it
can be timed on its own. A funder report leaves the district: it counts only the people whose
consent to statistics is in force on the last day, and shows counts from 1 to 4 as "<5"."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from auditlog.signals import accessed
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ponte.core.suppression import Table, suppressed, whole_months
from ponte.network.models import User, Valley
from ponte.projects.models import SubProject
from ponte.reports.indicators import INDICATORS, Indicator, Scope
from ponte.reports.models import FunderReport

logger = logging.getLogger(__name__)

# Progress: the sections take up to this share; the workbook and the PDF the rest.
SECTIONS_SHARE = 80
WORKBOOK_DONE = 90


@dataclass(frozen=True)
class Section:
    indicator: Indicator
    table: Table  # already suppressed: as it leaves the district


def funder_report_data(
    scope: Scope, *, on_section: Callable[[int, int], None] | None = None
) -> list[Section]:
    """Every indicator over the scope, suppressed, in display order: the computation of a
    funder report without its rendering. `on_section(done, total)` is called after each one."""
    sections: list[Section] = []
    total = len(INDICATORS)
    for done, item in enumerate(INDICATORS, start=1):
        sections.append(Section(indicator=item, table=suppressed(item.compute(scope))))
        if on_section is not None:
            on_section(done, total)
    return sections


def report_scope(report: FunderReport) -> Scope:
    """The scope of a report as requested, for what leaves the district."""
    return Scope(
        start=report.start,
        end=report.end,
        valley=report.valley,
        subprojects=tuple(report.subprojects.order_by("title")),
        statistics_consent_only=True,
    )


def funder_report_request(
    *,
    user: User,
    start: date,
    end: date,
    valley: Valley | None = None,
    subprojects: tuple[SubProject, ...] = (),
) -> FunderReport:
    """Record the request of a funder report and hand its build to a background task (run at
    once with the immediate backend, by `make worker` in production). The period is counted
    in whole months up to the last complete one (core.suppression.whole_months)."""
    if end < start:
        raise ValidationError(
            _("The end of the period (%(end)s) comes before its start (%(start)s).")
            % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            code="end_before_start",
        )
    start, end = whole_months(start, end, today=timezone.localdate())
    with transaction.atomic():
        report = FunderReport.objects.create(requested_by=user, start=start, end=end, valley=valley)
        report.subprojects.set(subprojects)
    # Not in a transaction: the worker must find the report when it picks the task up.
    from ponte.reports.tasks import funder_report_task

    funder_report_task.enqueue(report.pk)
    report.refresh_from_db()
    return report


def _set_progress(report: FunderReport, progress: int, **fields: object) -> None:
    report.progress = progress
    for name, value in fields.items():
        setattr(report, name, value)
    FunderReport.objects.filter(pk=report.pk).update(progress=progress, **fields)


def funder_report_build(*, report: FunderReport) -> FunderReport:
    """Compute and render the report, updating its progress after each section; a failure
    marks it failed with a message for the coordinator (and a log line without personal data),
    never an error page."""
    from ponte.reports import exports  # WeasyPrint loads pango: only when a report is built

    _set_progress(report, 0, status=FunderReport.Status.RUNNING, message="")
    try:
        with translation.override(settings.LANGUAGE_CODE):
            scope = report_scope(report)

            def on_section(done: int, total: int) -> None:
                _set_progress(report, SECTIONS_SHARE * done // total)

            sections = funder_report_data(scope, on_section=on_section)
            workbook = exports.funder_xlsx(report, scope, sections)
            _set_progress(report, WORKBOOK_DONE)
            pdf = exports.funder_pdf(report, scope, sections)
            stem = f"rapporto-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
            report.xlsx.save(f"{stem}.xlsx", ContentFile(workbook), save=False)
            report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    except Exception as error:  # noqa: BLE001 - any failure is shown on the report's page
        # The kind of error only: its text or traceback may quote personal data.
        logger.error("Funder report %s failed (%s)", report.code, type(error).__name__)
        _set_progress(
            report,
            report.progress,
            status=FunderReport.Status.FAILED,
            message=_(
                "The report could not be prepared (%(error)s). Try again; if it fails again, "
                "tell the administrator the code of this report."
            )
            % {"error": type(error).__name__},
            finished_at=timezone.now(),
        )
        return report
    _set_progress(
        report,
        100,
        status=FunderReport.Status.DONE,
        xlsx=report.xlsx.name,
        pdf=report.pdf.name,
        finished_at=timezone.now(),
    )
    return report


def funder_report_download_record(*, report: FunderReport) -> None:
    """A download of a report's file is recorded in the audit trail (who, when, which report):
    its figures leave the district. The actor and address come from AuditlogMiddleware."""
    accessed.send(sender=FunderReport, instance=report)
