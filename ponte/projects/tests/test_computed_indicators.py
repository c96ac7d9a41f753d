"""The computed indicators agree with the pathway data: people placed, hours attended and hires
in the linked services and openings within the period, and the value the lead organisation gave
in the marketplace."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from ponte.core.tests.helpers import CAVALESE, italian_html
from ponte.marketplace.models import Exchange
from ponte.pathways import services as pathways
from ponte.pathways.models import Placement, Service
from ponte.pathways.services import DayInput
from ponte.projects import selectors, services
from ponte.projects.computations import COMPUTATIONS, compute
from ponte.projects.models import Indicator, IndicatorValue
from ponte.projects.tests.conftest import END, START, make_subproject

pytestmark = pytest.mark.django_db

TODAY = date.today()


def record_days(placement, by, hours: str, days: list[date]) -> None:
    pathways.attendance_record(
        placement=placement, by=by, days={day: DayInput(hours=Decimal(hours)) for day in days}
    )


@pytest.fixture
def other_service(org_b, municipalities) -> Service:
    return Service.objects.create(
        provider=org_b,
        name="Laboratorio di falegnameria",
        kind=Service.Kind.LABORATORY,
        places=3,
        schedule="Lunedì–venerdì",
        municipality=municipalities[CAVALESE],
    )


@pytest.fixture
def pathway_data(make_person, make_placement, person, other_person, other_service, worker_a):
    """In the linked service: an active placement with 3 days of 4 hours (one before the period)
    and a placement ended with the person hired; a proposed placement (not placed); in another
    service: an active placement with attendance (not counted)."""
    active = make_placement(person, status=Placement.Status.ACTIVE)
    record_days(active, worker_a, "4", [TODAY - timedelta(days=d) for d in (1, 2, 3)])
    hired = make_placement(other_person, status=Placement.Status.ACTIVE)
    record_days(hired, worker_a, "2.5", [TODAY - timedelta(days=5)])
    pathways.placement_transition(
        placement=hired,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=TODAY - timedelta(days=4),
        outcome=Placement.Outcome.HIRED,
        contract_type=Placement.Contract.PERMANENT,
        contract_hours=20,
    )
    third = make_person(first_name="Anna", last_name="Verdi")
    make_placement(third, status=Placement.Status.PROPOSED)
    elsewhere = make_person(first_name="Carlo", last_name="Neri")
    outside = make_placement(elsewhere, status=Placement.Status.ACTIVE, service=other_service)
    record_days(outside, worker_a, "6", [TODAY - timedelta(days=1)])
    return active, hired


def test_people_placed_counts_the_placements_that_held_a_place(subproject, pathway_data):
    assert compute("people_placed", subproject, START, END) == 2


def test_hours_attended_sum_the_linked_placements_in_the_period(subproject, pathway_data):
    assert compute("hours_attended", subproject, START, END) == Decimal("14.50")
    period_start = TODAY - timedelta(days=2)
    assert compute("hours_attended", subproject, period_start, END) == Decimal("8.00")


def test_hires_count_the_placements_ended_with_the_person_hired(subproject, pathway_data):
    assert compute("hires", subproject, START, END) == 1
    assert compute("hires", subproject, START, TODAY - timedelta(days=5)) == 0


def test_a_period_before_the_placements_counts_nothing(subproject, pathway_data):
    end = TODAY - timedelta(days=60)
    for key in ("people_placed", "hours_attended", "hires"):
        assert compute(key, subproject, START, end) == 0, key


def test_a_sub_project_with_no_links_counts_nothing(org_b, pathway_data):
    unlinked = make_subproject(org_b, title="Senza servizi")
    for key in COMPUTATIONS:
        assert compute(key, unlinked, START, END) == 0, key


def test_value_exchanged_counts_the_confirmed_gifts_of_the_lead(
    subproject, org_a, org_b, contact_a
):
    now = timezone.now()

    def exchange(giver, receiver, value: str, on: date, *, confirmed: bool = True) -> None:
        Exchange.objects.create(
            giver=giver,
            receiver=receiver,
            what="Uova",
            value=Decimal(value),
            exchanged_on=on,
            recorded_by=contact_a,
            giver_confirmed_at=now,
            receiver_confirmed_at=now if confirmed else None,
        )

    exchange(org_a, org_b, "100.50", TODAY)
    exchange(org_a, org_b, "40", TODAY - timedelta(days=10))
    exchange(org_a, org_b, "999", TODAY, confirmed=False)
    exchange(org_b, org_a, "70", TODAY)
    exchange(org_a, org_b, "500", START - timedelta(days=1))
    assert compute("value_exchanged", subproject, START, END) == Decimal("140.50")


def test_the_detail_shows_computed_values_with_their_definition(
    client, contact_b, subproject, pathway_data
):
    services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name="Persone inserite",
            unit="persone",
            dimension=Indicator.Dimension.EMPOWERMENT,
            baseline=Decimal("0"),
            target=Decimal("8"),
            starts_on=START,
            ends_on=END,
            source=Indicator.Source.COMPUTED,
            computation="people_placed",
        )
    )
    manual = services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name="Clienti",
            dimension=Indicator.Dimension.COMMUNITIES,
            baseline=Decimal("10"),
            target=Decimal("20"),
            starts_on=START,
            ends_on=END,
        )
    )
    for days, value in ((20, "11"), (10, "13.5")):
        services.indicator_value_record(
            value=IndicatorValue(indicator=manual, on=TODAY - timedelta(days=days), value=value),
            by=contact_b,
        )
    # Computed values count whole months up to the last complete one: read when this month
    # is over.
    later = TODAY + timedelta(days=40)
    statuses = {s.indicator.name: s for s in selectors.indicators_of(subproject, today=later)}
    assert statuses["Clienti"].current == Decimal("13.5")
    assert statuses["Clienti"].progress == Decimal("35.0")
    status = statuses["Persone inserite"]
    assert status.current == 2
    # Two people: the page shows "<5" and no progress toward the target (suppression rule).
    assert status.shown == "<5"
    assert status.progress is None
    with time_machine.travel(datetime.combine(later, time(10)), tick=False):
        client.force_login(contact_b)
        content = client.get(f"/progetti/{subproject.code}/").content.decode()
    assert 'max="100" value="25"' not in content
    assert "&lt;5" in content
    assert 'max="100" value="35"' in content
    assert italian_html(str(COMPUTATIONS["people_placed"].definition)) in content
    # Aggregates only: no name of a person on the page.
    assert "Rossi" not in content and "Bianchi" not in content


def test_placements_in_linked_openings_count_too(
    client, contact_b, org_a, make_person, make_placement, company, tutor, municipalities
):
    from ponte.core.tests.helpers import PREDAZZO
    from ponte.openings.models import Opening
    from ponte.pathways.models import Level

    opening = Opening.objects.create(
        host=company,
        kind=Opening.Kind.TIS,
        title="Aiuto magazziniere",
        tasks="Scarico merci.",
        min_level=Level.objects.get(number=2),
        hours_per_week=20,
        municipality=municipalities[PREDAZZO],
        places=1,
        starts_on=TODAY - timedelta(days=40),
        tutor=tutor,
        status=Opening.Status.OPEN,
        created_by=tutor,
    )
    # The host is a partner: its openings count (linked by the coordinator).
    subproject = make_subproject(org_a, title="Tirocini in azienda", partners=[company])
    subproject.openings.set([opening])
    someone = make_person(first_name="Anna", last_name="Verdi")
    placement = make_placement(
        someone, status=Placement.Status.ACTIVE, service=None, opening=opening
    )
    record_days(placement, tutor, "3", [TODAY - timedelta(days=1)])
    assert compute("people_placed", subproject, START, END) == 1
    assert compute("hours_attended", subproject, START, END) == Decimal("3.00")
    client.force_login(contact_b)
    content = client.get(f"/progetti/{subproject.code}/").content.decode()
    assert f"/opportunita/{opening.code}/" in content
    assert "Verdi" not in content
