"""Issue 15, item 3 (counts re-identify), on the sub-projects' side: a sub-project links only its
lead's services and openings, or a partner's through the coordinator; its computed indicators
count only those, in whole months up to the last complete one, and show "<5" for 1 to 4
people. Dates are fixed (November 2025), read as if today were 3 December 2025."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ponte.core.tests.helpers import CAVALESE
from ponte.pathways import services as pathways
from ponte.pathways.models import Placement, Service
from ponte.projects import selectors, services
from ponte.projects.computations import compute
from ponte.projects.models import Indicator, SubProject
from ponte.projects.tests.conftest import make_subproject

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 3)
HIRED_ON = date(2025, 11, 17)


@pytest.fixture
def b_service(org_b, municipalities) -> Service:
    return Service.objects.create(
        provider=org_b,
        name="Laboratorio di falegnameria",
        kind=Service.Kind.LABORATORY,
        places=3,
        schedule="Lunedì–venerdì",
        municipality=municipalities[CAVALESE],
    )


@pytest.fixture
def one_hire(make_placement, person, worker_a, service) -> Placement:
    """A's service: one placement ended on 17/11/2025 with the person hired."""
    placement = make_placement(
        person,
        status=Placement.Status.ACTIVE,
        planned_start=date(2025, 9, 1),
        planned_end=date(2025, 12, 31),
    )
    return pathways.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=HIRED_ON,
        outcome=Placement.Outcome.HIRED,
        contract_type=Placement.Contract.PERMANENT,
        contract_hours=20,
    )


def hires_indicator(subproject: SubProject, start: date, end: date, name: str) -> Indicator:
    return services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name=name,
            dimension=Indicator.Dimension.EMPOWERMENT,
            baseline=Decimal("0"),
            target=Decimal("10"),
            starts_on=start,
            ends_on=end,
            source=Indicator.Source.COMPUTED,
            computation="hires",
        )
    )


def sub_b(org_b, **links) -> SubProject:
    return make_subproject(
        org_b,
        title="Sottoprogetto di B",
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
        **links,
    )


# Linking ---------------------------------------------------------------------------------------


def test_a_lead_cannot_link_another_organisations_service(org_b, service):
    """The finding: B's sub-project linked A's service. Now refused, nothing saved."""
    with pytest.raises(ValidationError, match="né il capofila né un partner"):
        sub_b(org_b, services=[service])
    assert not SubProject.objects.filter(title="Sottoprogetto di B").exists()


def test_a_lead_cannot_link_a_partners_service_on_its_own(org_a, org_b, service):
    """Listing A as a partner is B's own doing: it is not A's agreement."""
    with pytest.raises(ValidationError, match="li collega il coordinatore"):
        sub_b(org_b, partners=[org_a], services=[service])


def test_the_coordinator_links_a_partners_service_and_the_lead_keeps_it(
    org_a, org_b, service, b_service
):
    subproject = sub_b(org_b, partners=[org_a])
    services.subproject_save(
        subproject=subproject, partners=[org_a], services=[service], by_coordinator=True
    )
    # The lead saves again, adding its own service: the partner's link stays.
    services.subproject_save(subproject=subproject, partners=[org_a], services=[service, b_service])
    assert set(subproject.services.all()) == {service, b_service}


def test_the_coordinator_cannot_link_a_non_partners_service(org_b, service):
    subproject = sub_b(org_b)
    with pytest.raises(ValidationError, match="né il capofila né un partner"):
        services.subproject_save(subproject=subproject, services=[service], by_coordinator=True)
    assert not subproject.services.exists()


def test_the_form_refuses_another_organisations_service(client, contact_b, org_b, service):
    client.force_login(contact_b)
    response = client.post(
        "/progetti/nuovo/",
        {
            "title": "Sottoprogetto di B",
            "starts_on": "2025-01-01",
            "ends_on": "2026-12-31",
            "status": SubProject.Status.ACTIVE,
            "services": [service.pk],
        },
    )
    assert response.status_code == 200
    assert "né il capofila né un partner" in response.content.decode()
    assert not SubProject.objects.filter(title="Sottoprogetto di B").exists()


def test_a_link_made_before_the_rule_counts_nothing(org_b, service, one_hire):
    """A sub-project of B still linked to A's service (linked before the rule) counts none of
    its hires."""
    subproject = sub_b(org_b)
    subproject.services.set([service])
    assert compute("hires", subproject, date(2025, 11, 1), date(2025, 11, 30)) == 0


# Computed values ---------------------------------------------------------------------------------


def test_one_hire_on_one_day_is_shown_as_fewer_than_five(
    client, contact_b, org_a, service, one_hire
):
    """The finding: "hires on 17/11/2025 = 1". A's own sub-project counts its hire, but the
    page shows "<5" and no progress."""
    subproject = make_subproject(
        org_a, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31), services=[service]
    )
    hires_indicator(subproject, HIRED_ON, HIRED_ON, "Assunzioni del 17/11")
    [status] = selectors.indicators_of(subproject, today=TODAY)
    assert status.current == 1
    assert status.shown == "<5"
    assert status.progress is None
    client.force_login(contact_b)
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        content = client.get(f"/progetti/{subproject.code}/").content.decode()
    assert "<strong>&lt;5</strong>" in content
    assert "<strong>1 " not in content


def test_periods_a_day_apart_count_the_same_whole_month(org_a, service, one_hire):
    """Differencing: 17/11 and 17–18/11 (or 16–17/11 and 17/11) give the same figure, that of
    the whole of November; November is counted only once it is over."""
    subproject = make_subproject(
        org_a, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31), services=[service]
    )
    periods = [
        (HIRED_ON, HIRED_ON),
        (HIRED_ON, date(2025, 11, 18)),
        (date(2025, 11, 18), date(2025, 11, 18)),
    ]
    for number, (start, end) in enumerate(periods):
        hires_indicator(subproject, start, end, f"Assunzioni {number}")
    statuses = selectors.indicators_of(subproject, today=TODAY)
    assert {(s.measured_on, s.current) for s in statuses} == {(date(2025, 11, 30), 1)}
    # On 20/11 November is not over: nothing is counted yet.
    early = selectors.indicators_of(subproject, today=date(2025, 11, 20))
    assert {s.current for s in early} == {None}


def test_five_people_are_shown_with_their_progress(
    org_a, service, make_person, make_placement, worker_a
):
    service.places = 10
    service.save()
    for number in range(5):
        someone = make_person(first_name=f"Persona{number}", last_name="Prova")
        make_placement(
            someone,
            status=Placement.Status.ACTIVE,
            planned_start=date(2025, 10, 1),
            planned_end=date(2026, 3, 31),
        )
    subproject = make_subproject(
        org_a, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31), services=[service]
    )
    services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name="Persone inserite",
            dimension=Indicator.Dimension.EMPOWERMENT,
            baseline=Decimal("0"),
            target=Decimal("10"),
            starts_on=date(2025, 11, 1),
            ends_on=date(2025, 12, 31),
            source=Indicator.Source.COMPUTED,
            computation="people_placed",
        )
    )
    [status] = selectors.indicators_of(subproject, today=TODAY)
    assert status.shown == 5
    assert status.progress == Decimal("50.0")
