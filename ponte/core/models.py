from django.db import models
from django.utils.translation import gettext_lazy as _

from ponte.core.codes import random_code


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class CodedModel(TimeStampedModel):
    """A model reached in URLs by a random code."""

    code = models.CharField(
        _("code"), max_length=12, unique=True, default=random_code, editable=False
    )

    class Meta:
        abstract = True


class Weekday(models.IntegerChoices):
    """The days of the week, numbered as date.weekday() numbers them (openings, services, a
    person's availability)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
