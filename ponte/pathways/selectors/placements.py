"""Reads of the services of the chain and of placements."""

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest

from ponte.pathways.models import Person, Placement, Service


def services_with_occupancy() -> QuerySet[Service]:
    """Services with `taken` (accepted or active placements) and `free_places` annotated."""
    return (
        Service.objects.select_related("provider", "municipality")
        .prefetch_related("levels")
        .annotate(taken=Count("placements", filter=Q(placements__status__in=Placement.OCCUPYING)))
        .annotate(free_places=Greatest(F("places") - F("taken"), Value(0)))
    )


def placements_of(person: Person) -> list[Placement]:
    return list(
        person.placements.select_related("service", "opening", "host").order_by(
            "-planned_start", "-id"
        )
    )
