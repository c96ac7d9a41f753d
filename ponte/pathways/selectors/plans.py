"""Reads of the individual plans."""

from django.db.models import Count

from ponte.pathways.models import Person, Plan


def latest_plan(person: Person) -> Plan | None:
    return person.plans.prefetch_related("goals").order_by("-version").first()


def plans_of(person: Person) -> list[Plan]:
    return list(
        person.plans.select_related("written_by")
        .annotate(n_goals=Count("goals"))
        .order_by("-version")
    )
