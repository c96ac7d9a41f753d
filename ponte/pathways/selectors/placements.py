"""Reads of the services of the chain and of placements."""

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Greatest

from ponte.network.models import Membership
from ponte.pathways.models import Assessment, Person, Placement, Service


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


def hosted_placements(person: Person, host_id: int, statuses: tuple[str, ...]) -> list[Placement]:
    """A person's placements with one host organisation, in the given statuses, newest first."""
    return list(
        person.placements.filter(host_id=host_id, status__in=statuses)
        .select_related("service", "opening", "host")
        .order_by("-planned_start", "-id")
    )


def host_evaluations(placement: Placement) -> QuerySet[Assessment]:
    """The evaluations of a placement made on the host's side: by its tutor or by someone who
    works for the host. The host sees these, never the assessments made by others
    (docs/privacy.md, "Company tutors, field by field")."""
    host_people = Membership.objects.filter(organisation_id=placement.host_id).values("user_id")
    own = Q(assessor_id__in=host_people)
    if placement.tutor_id is not None:
        own |= Q(assessor_id=placement.tutor_id)
    return (
        placement.evaluations.filter(own).select_related("assessor").order_by("-assessed_on", "-id")
    )
