"""placement_propose and placement_transition: the state machine, the outcomes, the follow-ups
and the places of a service (services/placements.py)."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from ponte.pathways import services
from ponte.pathways.models import FollowUp, Level, LevelChange, Placement
from ponte.pathways.services.placements import ALLOWED_TRANSITIONS, free_places

Status = Placement.Status
Outcome = Placement.Outcome
TODAY = date.today()
START = TODAY - timedelta(days=30)

ALLOWED = {
    (Status.PROPOSED, Status.ACCEPTED),
    (Status.PROPOSED, Status.WITHDRAWN),
    (Status.ACCEPTED, Status.ACTIVE),
    (Status.ACCEPTED, Status.WITHDRAWN),
    (Status.ACTIVE, Status.ENDED),
}
ALL_PAIRS = list(itertools.product(Status, Status))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


def move(placement: Placement, to: str, by, **fields) -> Placement:
    fields.setdefault("on", TODAY)
    return services.placement_transition(placement=placement, to=to, by=by, **fields)


def end(placement: Placement, by, outcome: str = Outcome.COMPLETED, **fields) -> Placement:
    return move(placement, Status.ENDED, by, outcome=outcome, **fields)


@pytest.fixture
def placement_in(make_placement, person, worker_a):
    """placement_in(status): a placement of `person` brought to that status the legal way."""

    def make(status: str) -> Placement:
        if status == Status.ENDED:
            return end(make_placement(person, status=Status.ACTIVE), worker_a)
        if status == Status.WITHDRAWN:
            return move(make_placement(person), Status.WITHDRAWN, worker_a)
        return make_placement(person, status=status)

    return make


def test_the_table_of_the_service_is_the_one_of_the_issue():
    assert {(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets} == ALLOWED
    assert len(ALL_PAIRS) == 25 and len(REFUSED) == 20


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_transition_happens(placement_in, worker_a, current, target):
    placement = placement_in(current)
    assert placement.status == current
    moved = move(placement, target, worker_a, outcome=Outcome.COMPLETED)
    moved.refresh_from_db()
    assert moved.status == target


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_refused_transition_says_why_and_changes_nothing(placement_in, worker_a, current, target):
    placement = placement_in(current)
    follow_ups = FollowUp.objects.count()
    with pytest.raises(ValidationError) as error:
        move(placement, target, worker_a, outcome=Outcome.COMPLETED)
    expected = gettext("A placement that is %(current)s cannot become %(target)s.") % {
        "current": str(Status(current).label).lower(),
        "target": str(Status(target).label).lower(),
    }
    assert error.value.messages == [expected]
    placement.refresh_from_db()
    assert placement.status == current
    assert FollowUp.objects.count() == follow_ups


def test_starting_records_the_actual_start(make_placement, person, worker_a):
    placement = make_placement(person, status=Status.ACCEPTED)
    day = START + timedelta(days=2)
    placement = move(placement, Status.ACTIVE, worker_a, on=day)
    assert placement.actual_start == day


def test_ending_records_the_actual_end_and_the_outcome(make_placement, person, worker_a):
    placement = end(make_placement(person, status=Status.ACTIVE), worker_a)
    placement.refresh_from_db()
    assert (placement.status, placement.outcome, placement.actual_end) == (
        Status.ENDED,
        Outcome.COMPLETED,
        TODAY,
    )


@pytest.mark.parametrize("outcome", ["", "great"])
def test_ending_needs_an_outcome(make_placement, person, worker_a, outcome):
    placement = make_placement(person, status=Status.ACTIVE)
    with pytest.raises(ValidationError) as error:
        end(placement, worker_a, outcome=outcome)
    assert "outcome" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE
    assert not FollowUp.objects.exists()


def test_a_placement_cannot_end_before_it_started(make_placement, person, worker_a):
    placement = make_placement(person, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        end(placement, worker_a, on=START - timedelta(days=1))
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE


@pytest.mark.parametrize(
    ("cause", "side"),
    [
        ("", Placement.Side.PERSON),
        ("   ", Placement.Side.HOST),
        ("Trasferimento", ""),
        ("Trasferimento", "neighbour"),
    ],
)
def test_an_interruption_needs_a_cause_and_a_side(make_placement, person, worker_a, cause, side):
    placement = make_placement(person, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        end(
            placement,
            worker_a,
            outcome=Outcome.INTERRUPTED,
            interruption_cause=cause,
            interrupted_by=side,
        )
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE
    assert not FollowUp.objects.exists()


def test_an_interruption_keeps_its_cause_and_side(make_placement, person, worker_a):
    placement = end(
        make_placement(person, status=Status.ACTIVE),
        worker_a,
        outcome=Outcome.INTERRUPTED,
        interruption_cause="Problemi di salute",
        interrupted_by=Placement.Side.PERSON,
        contract_type=Placement.Contract.PERMANENT,  # ignored: only a hiring has a contract
    )
    placement.refresh_from_db()
    assert placement.outcome == Outcome.INTERRUPTED
    assert (placement.interruption_cause, placement.interrupted_by) == (
        "Problemi di salute",
        Placement.Side.PERSON,
    )
    assert placement.contract_type == ""


@pytest.mark.parametrize(
    ("contract", "hours"),
    [
        ("", 30),
        (Placement.Contract.PERMANENT, None),
        (Placement.Contract.PERMANENT, 0),
        ("freelance", 20),
    ],
)
def test_a_hiring_needs_a_contract_type_and_hours(
    make_placement, person, worker_a, contract, hours
):
    placement = make_placement(person, status=Status.ACTIVE)
    with pytest.raises(ValidationError):
        end(
            placement, worker_a, outcome=Outcome.HIRED, contract_type=contract, contract_hours=hours
        )
    placement.refresh_from_db()
    assert placement.status == Status.ACTIVE
    person.refresh_from_db()
    assert person.level.number == 0


def test_a_hiring_raises_the_level_to_4_with_cause_outcome(make_placement, person, worker_a):
    placement = end(
        make_placement(person, status=Status.ACTIVE),
        worker_a,
        outcome=Outcome.HIRED,
        contract_type=Placement.Contract.FIXED_TERM,
        contract_hours=24,
    )
    placement.refresh_from_db()
    assert (placement.contract_type, placement.contract_hours) == (
        Placement.Contract.FIXED_TERM,
        24,
    )
    person.refresh_from_db()
    assert person.level.number == 4
    change = person.level_changes.first()
    assert change.cause == LevelChange.Cause.OUTCOME
    assert (change.from_level.number, change.to_level.number, change.changed_on) == (0, 4, TODAY)


@pytest.mark.parametrize("number", [4, 5])
def test_a_hiring_never_lowers_the_level(make_placement, person, worker_a, number):
    services.level_change(
        person=person,
        to_level=Level.objects.get(number=number),
        cause=LevelChange.Cause.REVIEW,
        on=START,
        by=worker_a,
    )
    changes = person.level_changes.count()
    end(
        make_placement(person, status=Status.ACTIVE),
        worker_a,
        outcome=Outcome.HIRED,
        contract_type=Placement.Contract.PERMANENT,
        contract_hours=38,
    )
    person.refresh_from_db()
    assert person.level.number == number
    assert person.level_changes.count() == changes


@pytest.mark.parametrize("outcome", [Outcome.COMPLETED, Outcome.INTERRUPTED])
def test_other_outcomes_leave_the_level_alone(make_placement, person, worker_a, outcome):
    end(
        make_placement(person, status=Status.ACTIVE),
        worker_a,
        outcome=outcome,
        interruption_cause="Rinuncia",
        interrupted_by=Placement.Side.PERSON,
    )
    person.refresh_from_db()
    assert person.level.number == 0


def test_ending_schedules_follow_ups_at_1_3_6_and_12_months(make_placement, person, worker_a):
    day = date(2025, 1, 31)
    placement = make_placement(
        person,
        status=Status.ACTIVE,
        planned_start=date(2024, 10, 1),
        planned_end=date(2025, 3, 31),
    )
    end(placement, worker_a, on=day)
    assert list(placement.follow_ups.values_list("months", "due_on", "done_on")) == [
        (1, date(2025, 2, 28), None),
        (3, date(2025, 4, 30), None),
        (6, date(2025, 7, 31), None),
        (12, date(2026, 1, 31), None),
    ]


def test_a_follow_up_is_recorded(make_placement, person, worker_a):
    placement = end(make_placement(person, status=Status.ACTIVE), worker_a)
    follow_up = placement.follow_ups.get(months=1)
    services.follow_up_record(
        follow_up=follow_up,
        by=worker_a,
        done_on=follow_up.due_on,
        employed=True,
        employer="Famiglia Cooperativa Fiemme",
        contract_type=Placement.Contract.FIXED_TERM,
    )
    follow_up.refresh_from_db()
    assert follow_up.employed is True
    assert follow_up.employer == "Famiglia Cooperativa Fiemme"
    assert follow_up.recorded_by == worker_a


def test_a_follow_up_before_the_end_or_employed_without_employer_is_refused(
    make_placement, person, worker_a
):
    placement = end(make_placement(person, status=Status.ACTIVE), worker_a)
    follow_up = placement.follow_ups.get(months=1)
    with pytest.raises(ValidationError):
        services.follow_up_record(
            follow_up=follow_up, by=worker_a, done_on=TODAY - timedelta(days=1), employed=False
        )
    with pytest.raises(ValidationError):
        services.follow_up_record(follow_up=follow_up, by=worker_a, done_on=TODAY, employed=True)
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


# Proposing ---------------------------------------------------------------------------------


def test_a_proposal_takes_the_host_from_the_service(make_placement, person, service):
    placement = make_placement(person)
    assert placement.status == Status.PROPOSED
    assert placement.host == service.provider


def test_a_placement_cannot_end_before_it_starts(person, service, worker_a, org_a):
    with pytest.raises(ValidationError) as error:
        services.placement_propose(
            person=person,
            service=service,
            by=worker_a,
            planned_start=TODAY,
            planned_end=TODAY - timedelta(days=1),
            hours_per_week=10,
            promoter=org_a,
        )
    assert "planned_end" in error.value.message_dict
    assert not Placement.objects.exists()


def test_only_a_person_with_an_open_pathway_can_be_placed(make_referral, service, worker_a, org_a):
    referred = make_referral().person
    with pytest.raises(ValidationError):
        services.placement_propose(
            person=referred,
            service=service,
            by=worker_a,
            planned_start=TODAY,
            planned_end=TODAY + timedelta(days=30),
            hours_per_week=10,
            promoter=org_a,
        )
    assert not Placement.objects.exists()


@pytest.mark.parametrize("hours", [0, 41])
def test_hours_per_week_are_between_1_and_40(person, service, worker_a, org_a, hours):
    with pytest.raises(ValidationError):
        services.placement_propose(
            person=person,
            service=service,
            by=worker_a,
            planned_start=TODAY,
            planned_end=TODAY + timedelta(days=30),
            hours_per_week=hours,
            promoter=org_a,
        )
    assert not Placement.objects.exists()


# Places ------------------------------------------------------------------------------------


@pytest.fixture
def three_people(person, other_person, make_person):
    return [person, other_person, make_person(first_name="Nadia", last_name="Riz")]


def test_proposals_do_not_take_places(make_placement, three_people, service):
    for someone in three_people:
        make_placement(someone)
    assert service.places == 2
    assert free_places(service) == 2


def test_accepting_beyond_the_places_fails_and_changes_nothing(
    make_placement, three_people, service, worker_a
):
    first, second, third = (make_placement(p) for p in three_people)
    move(first, Status.ACCEPTED, worker_a)
    move(second, Status.ACCEPTED, worker_a)
    with pytest.raises(ValidationError) as error:
        move(third, Status.ACCEPTED, worker_a)
    assert error.value.messages == [
        gettext("%(service)s has no free places left.") % {"service": service.name}
    ]
    third.refresh_from_db()
    assert third.status == Status.PROPOSED
    assert free_places(service) == 0
    assert service.placements.filter(status__in=Placement.OCCUPYING).count() == 2


def test_an_accepted_placement_starts_even_when_the_service_is_full(
    make_placement, three_people, worker_a, service
):
    first = make_placement(three_people[0], status=Status.ACCEPTED)
    make_placement(three_people[1], status=Status.ACCEPTED)
    assert free_places(service) == 0
    assert move(first, Status.ACTIVE, worker_a).status == Status.ACTIVE


@pytest.mark.parametrize("leaving", [Status.WITHDRAWN, Status.ENDED])
def test_a_placement_that_leaves_frees_its_place(
    make_placement, three_people, service, worker_a, leaving
):
    first = make_placement(three_people[0], status=Status.ACCEPTED)
    make_placement(three_people[1], status=Status.ACCEPTED)
    third = make_placement(three_people[2])
    if leaving == Status.ENDED:
        first = move(first, Status.ACTIVE, worker_a)
        end(first, worker_a)
    else:
        move(first, Status.WITHDRAWN, worker_a)
    assert free_places(service) == 1
    assert move(third, Status.ACCEPTED, worker_a).status == Status.ACCEPTED
    assert free_places(service) == 0
