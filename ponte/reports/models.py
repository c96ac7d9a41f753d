"""Models of the reports: the imports from spreadsheets (ImportBatch) and the funder reports."""

from django.db import models
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
