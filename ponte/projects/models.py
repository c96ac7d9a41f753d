"""Sub-projects of the district, their budget and their indicators (domain.md, "Sub-projects and
governance", "Indicators")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel
from ponte.network.models import Organisation
from ponte.pathways.models import Opening, Service


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
