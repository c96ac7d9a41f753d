"""Openings: internships and jobs offered by the district's members (opportunità), the place a
pathway leads to. The matching of people to openings builds on them (ponte.matching)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel
from ponte.network.models import Municipality, Organisation


class Opening(CodedModel):
    """An internship or a job offered by a member (opportunità): published by the host's company
    tutor or by a case worker; what the public list shows holds no personal data."""

    class Kind(models.TextChoices):
        TIS = "tis", _("Social-inclusion internship (TIS)")
        EXTRACURRICULAR = "extracurricular", _("Extracurricular internship")
        FIXED_TERM = "fixed_term", _("Fixed-term job")
        PERMANENT = "permanent", _("Permanent job")
        USEFUL_WORK = "useful_work", _("Socially useful work")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="openings", verbose_name=_("host")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    tasks = models.TextField(_("tasks"))
    # A string, not an import: the levels belong to the pathways, which build on the openings.
    min_level = models.ForeignKey(
        "pathways.Level",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("minimum level"),
    )
    skills = models.TextField(
        _("skills"), blank=True, help_text=_("Separated by commas, e.g. kitchen, HACCP, driving.")
    )
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    days = models.JSONField(_("days"), default=list, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="openings",
        verbose_name=_("municipality"),
    )
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tutored_openings",
        verbose_name=_("tutor"),
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # The table keeps the name it had when openings lived in the pathways app (migration
        # openings 0001): moving the code moved no data.
        db_table = "pathways_opening"
        ordering = ["-starts_on", "title"]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="opening_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="opening_has_places"),
        ]
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The opening cannot end before it starts.")})


def levels() -> models.QuerySet[Any]:
    """The levels of work functioning, in order. They belong to the pathways (pathways.Level),
    which build on the openings: an opening names their model by its label only, and reaches it
    through its own relation."""
    level = Opening._meta.get_field("min_level").related_model
    return level._default_manager.order_by("number")  # type: ignore[union-attr]
