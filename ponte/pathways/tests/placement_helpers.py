"""Helpers of the tests of the placement pages: a service hosted by a company, placements brought
to a status the legal way, and the tutors who may or may not see them."""

from datetime import date, timedelta

from ponte.core.tests.helpers import TESERO
from ponte.network.models import Organisation, User
from ponte.pathways import services
from ponte.pathways.models import Level, Person, Placement, Service

TODAY = date.today()


def company_service(company: Organisation, municipalities, *, places: int = 3) -> Service:
    """A service of the chain whose provider (and so the host) is a company."""
    service = Service.objects.create(
        provider=company,
        name="Tirocinio in pastificio",
        kind=Service.Kind.COOP_INTERNSHIP,
        places=places,
        municipality=municipalities[TESERO],
    )
    service.levels.set(Level.objects.filter(number__in=[2, 3]))
    return service


def placement_at(
    person: Person,
    service: Service,
    by: User,
    status: str,
    *,
    start: date | None = None,
    days: int = 120,
    tutor: User | None = None,
    hours_per_week: int = 15,
) -> Placement:
    """A placement brought to `status` through the services (ended: completed today)."""
    start = start or TODAY - timedelta(days=30)
    placement = services.placement_propose(
        person=person,
        service=service,
        by=by,
        planned_start=start,
        planned_end=start + timedelta(days=days),
        hours_per_week=hours_per_week,
        promoter=person.organisation,
        tutor=tutor,
    )
    Status = Placement.Status
    if status == Status.WITHDRAWN:
        return services.placement_transition(placement=placement, to=status, by=by)
    steps = [Status.ACCEPTED, Status.ACTIVE, Status.ENDED]
    if status not in steps:
        return placement
    for step in steps[: steps.index(status) + 1]:
        placement = services.placement_transition(
            placement=placement,
            to=step,
            by=by,
            on=start if step != Status.ENDED else TODAY,
            outcome=Placement.Outcome.COMPLETED if step == Status.ENDED else "",
        )
    return placement
