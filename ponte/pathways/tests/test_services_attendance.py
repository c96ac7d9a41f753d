"""attendance_record: the attendance register, all or nothing (services/attendance.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways import services
from ponte.pathways.models import Attendance, Placement
from ponte.pathways.services.attendance import DayInput

TODAY = date.today()
START = TODAY - timedelta(days=30)  # make_placement starts placements 30 days ago
Absence = Attendance.Absence


@pytest.fixture
def active(make_placement, person) -> Placement:
    return make_placement(person, status=Placement.Status.ACTIVE)


def record(placement, by, days):
    return services.attendance_record(placement=placement, by=by, days=days)


def rows(placement) -> list[tuple[date, Decimal, str]]:
    return list(placement.attendance.values_list("day", "hours", "absence"))


def test_it_saves_hours_and_absences(active, worker_a):
    days = {
        START: DayInput(hours=Decimal("4")),
        START + timedelta(days=1): DayInput(hours=Decimal("3.5")),
        START + timedelta(days=2): DayInput(hours=Decimal("0"), absence=Absence.ILLNESS),
    }
    assert record(active, worker_a, days) == 3
    assert rows(active) == [
        (START, Decimal("4"), ""),
        (START + timedelta(days=1), Decimal("3.5"), ""),
        (START + timedelta(days=2), Decimal("0"), Absence.ILLNESS),
    ]
    assert set(active.attendance.values_list("recorded_by", flat=True)) == {worker_a.pk}


def test_recording_a_day_again_replaces_it(active, worker_a):
    record(active, worker_a, {START: DayInput(hours=Decimal("4"))})
    record(active, worker_a, {START: DayInput(hours=Decimal("0"), absence=Absence.JUSTIFIED)})
    assert rows(active) == [(START, Decimal("0"), Absence.JUSTIFIED)]


def test_a_day_can_be_cleared(active, worker_a):
    record(
        active,
        worker_a,
        {START: DayInput(hours=Decimal("4")), START + timedelta(days=1): DayInput(Decimal("4"))},
    )
    assert record(active, worker_a, {START: None}) == 0
    assert rows(active) == [(START + timedelta(days=1), Decimal("4"), "")]


def test_clearing_a_day_that_was_never_recorded_is_harmless(active, worker_a):
    assert record(active, worker_a, {START: None}) == 0
    assert rows(active) == []


@pytest.mark.parametrize(
    "bad",
    [
        {START - timedelta(days=1): DayInput(hours=Decimal("4"))},  # before the start
        {START + timedelta(days=121): DayInput(hours=Decimal("4"))},  # after the planned end
        {START + timedelta(days=3): DayInput(hours=Decimal("13"))},
        {START + timedelta(days=3): DayInput(hours=Decimal("-1"))},
        {START + timedelta(days=3): DayInput(hours=Decimal("2"), absence=Absence.ILLNESS)},
        {START + timedelta(days=3): DayInput(hours=Decimal("0"), absence="gita")},
        {START + timedelta(days=3): DayInput(hours=Decimal("0"))},
        {START - timedelta(days=1): None},  # clearing outside the placement
    ],
    ids=[
        "before-start",
        "after-end",
        "13-hours",
        "negative-hours",
        "absence-with-hours",
        "unknown-absence",
        "neither-hours-nor-absence",
        "clearing-outside",
    ],
)
def test_one_bad_day_saves_nothing(active, worker_a, bad):
    record(active, worker_a, {START + timedelta(days=10): DayInput(hours=Decimal("5"))})
    before = rows(active)
    days = {
        START: DayInput(hours=Decimal("4")),
        START + timedelta(days=1): DayInput(hours=Decimal("4")),
        START + timedelta(days=10): None,
        **bad,
    }
    with pytest.raises(ValidationError):
        record(active, worker_a, days)
    assert rows(active) == before


def test_a_day_outside_the_placement_is_named_in_the_message(active, worker_a):
    day = START - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(active, worker_a, {day: DayInput(hours=Decimal("4"))})
    assert len(error.value.messages) == 1
    assert day.strftime("%d/%m/%Y") in error.value.messages[0]
    assert START.strftime("%d/%m/%Y") in error.value.messages[0]


def test_every_bad_day_is_reported(active, worker_a):
    with pytest.raises(ValidationError) as error:
        record(
            active,
            worker_a,
            {
                START: DayInput(hours=Decimal("13")),
                START + timedelta(days=1): DayInput(hours=Decimal("1"), absence=Absence.HOLIDAY),
            },
        )
    assert len(error.value.messages) == 2


def test_twelve_hours_is_the_most_a_day_can_have(active, worker_a):
    assert record(active, worker_a, {START: DayInput(hours=Decimal("12"))}) == 1


@pytest.mark.parametrize("status", [Placement.Status.PROPOSED, Placement.Status.ACCEPTED])
def test_attendance_waits_until_the_placement_is_active(make_placement, person, worker_a, status):
    placement = make_placement(person, status=status)
    with pytest.raises(ValidationError):
        record(placement, worker_a, {START: DayInput(hours=Decimal("4"))})
    assert not Attendance.objects.exists()


def test_an_ended_placement_takes_days_up_to_its_actual_end(active, worker_a):
    end = TODAY - timedelta(days=5)
    services.placement_transition(
        placement=active, to=Placement.Status.ENDED, by=worker_a, on=end, outcome="completed"
    )
    active.refresh_from_db()
    assert record(active, worker_a, {end: DayInput(hours=Decimal("4"))}) == 1
    with pytest.raises(ValidationError):
        record(active, worker_a, {end + timedelta(days=1): DayInput(hours=Decimal("4"))})
    assert [day for day, *_ in rows(active)] == [end]
