"""The computed indicators: a small registry of named computations over Ponte's data, each with
the definition the pages show next to the number (docs/domain.md, "Sub-projects and governance";
"Indicators"). Every computation counts only what happened in the sub-project's linked services
and openings (or, for the marketplace, what its lead organisation gave) within the indicator's
period, and returns aggregates: never a person.

A computation reads only the services and openings the lead organisation may link: its own and
its partners' (`linkable_organisations`); a link to any other organisation's, made before that
rule, counts nothing. What the pages show goes through the suppression rule
(core.suppression): `Computation.people` counts the people behind a figure."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ponte.marketplace.models import Exchange
from ponte.network.models import Organisation
from ponte.pathways.models import Attendance, Placement
from ponte.projects.models import SubProject

CENT = Decimal("0.01")

# The placements that count as "placed": a place was held.
PLACED = (Placement.Status.ACCEPTED, Placement.Status.ACTIVE, Placement.Status.ENDED)


@dataclass(frozen=True)
class Computation:
    key: str
    label: str | Promise
    unit: str | Promise
    definition: str | Promise
    compute: Callable[[SubProject, date, date], Decimal]
    # How many people (or placements) the figure is about, for the suppression rule; None for
    # a figure about organisations (the value exchanged).
    people: Callable[[SubProject, date, date], Decimal] | None = None


def linkable_organisations(subproject: SubProject) -> QuerySet[Organisation]:
    """The organisations whose services and openings the sub-project may link: its lead and
    its partners (docs/privacy.md, "Small counts and exports")."""
    return Organisation.objects.filter(Q(pk=subproject.lead_id) | Q(partner_subprojects=subproject))


def linkable_filter(prefix: str = "") -> Q:
    """On a sub-project's link table (SubProject.services.through with "service__provider",
    SubProject.openings.through with "opening__host"): the links to the lead's or a partner's
    services and openings."""
    return Q(**{prefix: F("subproject__lead")}) | Q(
        **{f"{prefix}__partner_subprojects": F("subproject")}
    )


def linked_placements(subproject: SubProject) -> QuerySet[Placement]:
    """The placements in the sub-project's linked services and openings of its lead and its
    partners."""
    organisations = linkable_organisations(subproject).values("pk")
    return Placement.objects.filter(
        Q(service__in=subproject.services.filter(provider__in=organisations).values("pk"))
        | Q(opening__in=subproject.openings.filter(host__in=organisations).values("pk"))
    )


def placements_in_period(subproject: SubProject, start: date, end: date) -> QuerySet[Placement]:
    """Placed in the period: the placement held a place, started (actually, or as planned if it
    has not started yet) on or before the end of the period and had not ended before its
    start."""
    return (
        linked_placements(subproject)
        .filter(status__in=PLACED)
        .filter(
            Q(actual_start__lte=end) | Q(actual_start__isnull=True, planned_start__lte=end),
            Q(actual_end__isnull=True) | Q(actual_end__gte=start),
        )
    )


def people_placed(subproject: SubProject, start: date, end: date) -> Decimal:
    found = placements_in_period(subproject, start, end).aggregate(
        people=Count("person", distinct=True)
    )
    return Decimal(found["people"])


# Up to this many placements, their ids are read first and named in the attendance query.
FEW_PLACEMENTS = 2000


def placement_ids(placements: QuerySet[Placement]) -> list[int] | QuerySet[Placement, Any]:
    """The placements' ids for an `attendance.filter(placement__in=...)`: read first when they
    are few, so that the database reads only their attendance through the (placement, day)
    index (given as a subquery, PostgreSQL cannot tell how few they are and reads the whole
    period); the subquery itself when they are many."""
    ids = list(placements.values_list("pk", flat=True)[: FEW_PLACEMENTS + 1])
    return ids if len(ids) <= FEW_PLACEMENTS else placements.values("pk")


def hours_attended(subproject: SubProject, start: date, end: date) -> Decimal:
    found = Attendance.objects.filter(
        placement__in=placement_ids(linked_placements(subproject)), day__range=(start, end)
    ).aggregate(hours=Sum("hours"))
    # Quantized: SQLite sums decimals as floats.
    return Decimal(found["hours"] or 0).quantize(CENT)


def placements_attended(subproject: SubProject, start: date, end: date) -> Decimal:
    """The placements with attendance in the period: whom the hours attended are about."""
    found = Attendance.objects.filter(
        placement__in=placement_ids(linked_placements(subproject)), day__range=(start, end)
    ).aggregate(placements=Count("placement", distinct=True))
    return Decimal(found["placements"])


def hires(subproject: SubProject, start: date, end: date) -> Decimal:
    found = linked_placements(subproject).filter(
        status=Placement.Status.ENDED,
        outcome=Placement.Outcome.HIRED,
        actual_end__range=(start, end),
    )
    return Decimal(found.count())


def value_exchanged(subproject: SubProject, start: date, end: date) -> Decimal:
    found = (
        Exchange.objects.confirmed()
        .filter(giver_id=subproject.lead_id, exchanged_on__range=(start, end))
        .aggregate(value=Sum("value"))
    )
    return Decimal(found["value"] or 0).quantize(CENT)


COMPUTATIONS: dict[str, Computation] = {
    computation.key: computation
    for computation in [
        Computation(
            "people_placed",
            _("People placed"),
            _("people"),
            _(
                "People with a placement accepted, active or ended in the linked services and "
                "openings during the period."
            ),
            people_placed,
            people_placed,
        ),
        Computation(
            "hours_attended",
            _("Hours attended"),
            _("hours"),
            _(
                "Hours of attendance recorded in the period for the placements in the linked "
                "services and openings."
            ),
            hours_attended,
            placements_attended,
        ),
        Computation(
            "hires",
            _("Hires"),
            _("people"),
            _(
                "Placements in the linked services and openings that ended in the period with "
                "the person hired."
            ),
            hires,
            hires,
        ),
        Computation(
            "value_exchanged",
            _("Value exchanged in the marketplace"),
            "€",
            _(
                "Value of the marketplace exchanges confirmed by both sides in which the lead "
                "organisation gave something, in the period."
            ),
            value_exchanged,
        ),
    ]
}


def computation_choices() -> list[tuple[str, str | Promise]]:
    return [("", "—"), *((c.key, c.label) for c in COMPUTATIONS.values())]


def compute(key: str, subproject: SubProject, start: date, end: date) -> Decimal:
    return COMPUTATIONS[key].compute(subproject, start, end)
