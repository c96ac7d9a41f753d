"""Matching: the proposals of candidates to the tutors of openings, and the weights of the
matching factors, editable by the coordinator (one row per district)."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel
from ponte.openings.models import Opening
from ponte.pathways.models import Person, Placement

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


class Proposal(CodedModel):
    """A candidate proposed by a case worker to the tutor of an opening. The tutor sees a
    pseudonymous functional profile, and only while the person consents to sharing it with
    companies (withdrawing the consent withdraws every open proposal)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        INTERVIEW = "interview", _("Interview accepted")
        DECLINED = "declined", _("Declined")
        PLACED = "placed", _("Placement proposed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class DeclineReason(models.TextChoices):
        PROFILE = "profile", _("The profile does not fit the tasks")
        AVAILABILITY = "availability", _("Hours or days do not fit")
        DISTANCE = "distance", _("Too far, or no way to get there")
        FILLED = "filled", _("The places have been filled")
        INTERVIEW = "interview", _("After the interview")
        OTHER = "other", _("Other reason")

    # The statuses in which the proposal is still waiting for a step.
    OPEN = (Status.PROPOSED, Status.INTERVIEW)

    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("opening")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("person")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    note = models.TextField(_("note for the tutor"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The score and its factors when proposed: what the case worker saw.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    placement = models.OneToOneField(
        Placement,
        on_delete=models.SET_NULL,
        related_name="proposal",
        verbose_name=_("placement"),
        null=True,
        blank=True,
    )

    class Meta:
        # The table keeps the name it had when proposals lived in the pathways app (migration
        # matching 0002): moving the code moved no data.
        db_table = "pathways_proposal"
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            # One open proposal of a person per opening.
            models.UniqueConstraint(
                fields=["opening", "person"],
                condition=Q(status__in=["proposed", "interview"]),
                name="one_open_proposal_per_person_and_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} · {self.opening}"
