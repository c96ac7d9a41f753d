"""Models of the reports: the imports from spreadsheets (ImportBatch) and the funder reports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel


class ImportBatch(CodedModel):
    """One spreadsheet brought into Ponte (reports/imports): its file until it is imported or
    discarded, the result of its dry run row by row, and the progress of the background task
    that checks or imports it. Only the user who uploaded it sees it."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        INVALID = "invalid", _("Errors found")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    RUNNING = (Status.CHECKING, Status.IMPORTING)

    kind = models.CharField(_("kind"), max_length=30)
    file_name = models.CharField(_("file"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)
    # The uploaded file, kept until it is imported or discarded (it may hold identity).
    content = models.BinaryField(_("content"), blank=True, default=b"")
    membership = models.ForeignKey(
        "network.Membership",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("imported by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CHECKING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # A problem with the whole file (empty, wrong header…), when there is one.
    message = models.TextField(_("message"), blank=True)
    # The dry run, row by row: {"rows": [[number, action, label, columns]], "errors": [...]}.
    report = models.JSONField(_("report"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} · {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


def funder_report_path(report: "FunderReport", filename: str) -> str:
    """Under reports/, named by the report's code: served only by the access-checked views of
    views/funder.py, never as public media files."""
    return f"reports/{report.code}/{filename}"


class FunderReport(CodedModel):
    """A report for the funders over a period, a valley and sub-projects: built by a background
    task section by section (its progress polled by the status page), kept as an XLSX workbook
    and a PDF that only the coordinator downloads. Its numbers count only the people who consent
    to statistics, and small counts are shown as "<5": it leaves the district."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING = (Status.QUEUED, Status.RUNNING)

    requested_by = models.ForeignKey(
        "network.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    valley = models.ForeignKey(
        "network.Valley",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("valley"),
    )
    subprojects = models.ManyToManyField(
        "projects.SubProject", blank=True, related_name="+", verbose_name=_("sub-projects")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # Why the report failed, in words for the coordinator (never personal data).
    message = models.TextField(_("message"), blank=True)
    xlsx = models.FileField(_("workbook"), upload_to=funder_report_path, max_length=200, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=funder_report_path, max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("funder report")
        verbose_name_plural = _("funder reports")

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING
