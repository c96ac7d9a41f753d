"""Funder reports as background tasks (Django's task API through django-tasks): built at once
in development and tests (immediate backend), by `make worker` in production
(TASKS_BACKEND=database). The build updates the report's progress, which its page polls."""

from django_tasks import task

from ponte.reports import services
from ponte.reports.models import FunderReport


@task()
def funder_report_task(report_id: int) -> None:
    report = FunderReport.objects.filter(pk=report_id).first()
    if report is not None and report.is_pending:
        services.funder_report_build(report=report)
