"""The weights of the matching factors, editable by the coordinator (one row per district)."""

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _weight(label: "StrOrPromise", default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class Weights(models.Model):
    """How much each factor counts in a score (0 = ignored, 10 = the most). The score of a pair
    is the weighted mean of its factors, 0–100; a person below the minimum level is not a
    candidate at all, whatever the weights."""

    level = _weight(_("level fit"), 3)
    skills = _weight(_("skills"), 3)
    distance = _weight(_("distance"), 2)
    availability = _weight(_("hours and days"), 2)
    preferences = _weight(_("interests and preferences"), 2)
    waiting = _weight(_("time waiting"), 1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    FACTORS = ("level", "skills", "distance", "availability", "preferences", "waiting")

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return ", ".join(f"{name} {getattr(self, name)}" for name in self.FACTORS)

    @classmethod
    def current(cls) -> "Weights":
        """The district's weights (the defaults until the coordinator changes them)."""
        weights = cls.objects.order_by("pk").first()
        return weights if weights is not None else cls.objects.create()

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.FACTORS}
