"""Governance of the district (docs/domain.md, "Sub-projects and governance"): the Tavolo Tecnico
and the Tavolo di Regia, their meetings with agenda, attendance, minutes (draft → approved at the
next meeting), decisions and action items. Cases are referred to by pseudonymous code only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ponte.core.codes import random_code
from ponte.core.concurrency import Revised
from ponte.core.models import CodedModel, TimeStampedModel
from ponte.network.models import Organisation
from ponte.pathways.models import Person
from ponte.projects.models import SubProject


class Table(CodedModel):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Tavolo Tecnico")
        STEERING = "steering", _("Tavolo di Regia")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL,
        through="TableMembership",
        related_name="tables",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self) -> str:
        return self.name


class TableMembership(TimeStampedModel):
    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("table")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="table_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="table_memberships",
        verbose_name=_("organisation represented"),
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("table member")
        verbose_name_plural = _("table members")
        constraints = [
            models.UniqueConstraint(fields=["table", "user"], name="table_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class Meeting(Revised, CodedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        DRAFT = "draft", _("Minutes in draft")
        APPROVED = "approved", _("Minutes approved")

    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("table")
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("minutes approved at the meeting of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scheduled by"),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["table", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.table} · {self.starts_at:%Y-%m-%d}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    sub_project = models.ForeignKey(
        SubProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("sub-project"),
    )
    cases = models.ManyToManyField(  # type: ignore[var-annotated]
        Person, through="AgendaCase", related_name="+", verbose_name=_("cases")
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AgendaCase(TimeStampedModel):
    """A person discussed at the Tavolo Tecnico, known to the table by pseudonymous code only,
    with the consent to the discussion in force when the case was put on the agenda."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="agenda_cases", verbose_name=_("item")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="agenda_cases", verbose_name=_("person")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["agenda_item", "person__code"]
        verbose_name = _("case on the agenda")
        verbose_name_plural = _("cases on the agenda")
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "person"], name="agenda_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item} · {self.person.code}"


class Attendance(TimeStampedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="table_attendances",
        verbose_name=_("member"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["meeting", "user__last_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user} · {self.get_status_display()}"


class Decision(CodedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("text"))
    sub_project = models.ForeignKey(
        SubProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("sub-project"),
    )

    class Meta:
        ordering = ["-meeting__starts_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(CodedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text[:80]


def calendar_token() -> str:
    return random_code(32)


class CalendarToken(TimeStampedModel):
    """The secret in the address of a user's calendar feed; a new one revokes the old link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=calendar_token)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user}"
