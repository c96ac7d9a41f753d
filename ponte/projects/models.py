"""Sub-projects of the district, their budget and their indicators (docs/domain.md, "Sub-projects
and governance", "Indicators")."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ponte.core.concurrency import Revised
from ponte.core.models import CodedModel
from ponte.network.models import Organisation
from ponte.openings.models import Opening
from ponte.pathways.models import Service


class SubProject(CodedModel):
    """A sub-project of the district: a lead organisation (capofila), partners, funders, a period
    and the services and openings through which it works."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_subprojects",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="partner_subprojects",
        blank=True,
        verbose_name=_("partners"),
    )
    funders = models.ManyToManyField(
        Organisation,
        related_name="funded_subprojects",
        blank=True,
        verbose_name=_("funders"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    services = models.ManyToManyField(
        Service, related_name="subprojects", blank=True, verbose_name=_("linked services")
    )
    openings = models.ManyToManyField(
        Opening, related_name="subprojects", blank=True, verbose_name=_("linked openings")
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="subproject_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end of the sub-project cannot come before its start.")}
            )


class BudgetLine(Revised, CodedModel):
    """A line of a sub-project's budget: a cost or a revenue, with its planned amount; the
    actual amount is the sum of its movements."""

    class Kind(models.TextChoices):
        COST = "cost", _("Cost")
        REVENUE = "revenue", _("Revenue")

    subproject = models.ForeignKey(
        SubProject,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("sub-project"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    planned = models.DecimalField(
        _("planned amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), message=_("The planned amount cannot be negative."))
        ],
    )

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned__gte=0), name="budget_line_planned_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Movement(CodedModel):
    """An expense recorded against a cost line or a revenue recorded against a revenue line:
    the line's kind says which."""

    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="movements",
        verbose_name=_("budget line"),
    )
    on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("The amount must be greater than zero."))
        ],
    )
    description = models.CharField(_("description"), max_length=200)
    document = models.CharField(
        _("document reference"),
        max_length=100,
        blank=True,
        help_text=_("E.g. the number of the invoice or of the receipt."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="movement_amount_positive"
            )
        ]
        indexes = [models.Index(fields=["budget_line", "on"])]

    def __str__(self) -> str:
        return f"{self.on} · {self.description}"

    def clean(self) -> None:
        super().clean()
        if self.on and self.budget_line_id:
            subproject = self.budget_line.subproject
            if not subproject.starts_on <= self.on <= subproject.ends_on:
                raise ValidationError(
                    {
                        "on": _(
                            "The date must fall within the period of the sub-project "
                            "(%(start)s – %(end)s)."
                        )
                        % {
                            "start": formats.date_format(subproject.starts_on, "SHORT_DATE_FORMAT"),
                            "end": formats.date_format(subproject.ends_on, "SHORT_DATE_FORMAT"),
                        }
                    }
                )


class Indicator(CodedModel):
    """What a sub-project measures: entered by hand, or computed from Ponte's data by one of the
    computations of computations.py. Each states its dimension of "Welfare Km zero"."""

    class Dimension(models.TextChoices):
        EMPOWERMENT = "empowerment", _("Empowerment of citizens")
        COMMUNITIES = "communities", _("Inclusive communities")
        ECOSYSTEM = "ecosystem", _("Generative welfare ecosystem")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        COMPUTED = "computed", _("Computed from Ponte's data")

    subproject = models.ForeignKey(
        SubProject,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("sub-project"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    computation = models.CharField(
        _("computation"),
        max_length=40,
        blank=True,
        help_text=_("For computed indicators: how Ponte computes the value."),
    )

    class Meta:
        ordering = ["dimension", "name", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="indicator_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from ponte.projects.computations import COMPUTATIONS

        errors: dict[str, Any] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end of the period cannot come before its start.")
        if self.source == self.Source.COMPUTED and self.computation not in COMPUTATIONS:
            errors["computation"] = _("Choose how Ponte computes this indicator.")
        if self.source == self.Source.MANUAL and self.computation:
            errors["computation"] = _("An indicator entered by hand has no computation.")
        if errors:
            raise ValidationError(errors)


class IndicatorValue(models.Model):
    """A value of an indicator entered by hand on a date."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the value comes from, e.g. a survey or a register."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.on} · {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.on and self.indicator_id:
            indicator = self.indicator
            if not indicator.starts_on <= self.on <= indicator.ends_on:
                raise ValidationError(
                    {
                        "on": _(
                            "The date must fall within the period of the indicator "
                            "(%(start)s – %(end)s)."
                        )
                        % {
                            "start": formats.date_format(indicator.starts_on, "SHORT_DATE_FORMAT"),
                            "end": formats.date_format(indicator.ends_on, "SHORT_DATE_FORMAT"),
                        }
                    }
                )
