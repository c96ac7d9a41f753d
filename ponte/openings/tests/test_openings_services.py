"""The writes of the openings (ponte/openings/services.py): saving one and moving it between
draft, open and closed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from ponte.core.tests.helpers import TESERO, italian
from ponte.network.models import Municipality
from ponte.openings import services as opening_services
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import START, make_opening
from ponte.pathways import services
from ponte.pathways.models import Level, Placement

DRAFT, OPEN, CLOSED = Opening.Status.DRAFT, Opening.Status.OPEN, Opening.Status.CLOSED


def new_opening(company, **fields) -> Opening:
    values = {
        "host": company,
        "kind": Opening.Kind.FIXED_TERM,
        "title": "Addetto al confezionamento",
        "tasks": "Confezionamento della pasta fresca.",
        "min_level": Level.objects.get(number=3),
        "hours_per_week": 30,
        "municipality": Municipality.objects.get(istat_code=TESERO),
        "places": 1,
        "starts_on": START,
        **fields,
    }
    return Opening(**values)


def test_saving_a_new_opening_records_who_created_it_as_a_draft(company, tutor):
    opening = opening_services.opening_save(opening=new_opening(company), by=tutor)
    opening.refresh_from_db()
    assert opening.created_by == tutor
    assert opening.status == DRAFT
    assert opening.code


def test_saving_an_opening_again_keeps_who_created_it(company, tutor, worker_a):
    opening = opening_services.opening_save(opening=new_opening(company), by=tutor)
    opening.title = "Pastaio"
    opening_services.opening_save(opening=opening, by=worker_a)
    opening.refresh_from_db()
    assert (opening.title, opening.created_by) == ("Pastaio", tutor)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": START - timedelta(days=1)}, "ends_on"),
        ({"places": 0}, "places"),
        ({"hours_per_week": 41}, "hours_per_week"),
        ({"title": ""}, "title"),
    ],
)
def test_an_invalid_opening_is_not_saved(company, tutor, fields, field):
    with pytest.raises(ValidationError) as error:
        opening_services.opening_save(opening=new_opening(company, **fields), by=tutor)
    assert field in error.value.message_dict
    assert not Opening.objects.exists()


def test_an_opening_cannot_end_before_it_starts_says_so(company, tutor):
    with pytest.raises(ValidationError) as error:
        opening_services.opening_save(
            opening=new_opening(company, ends_on=START - timedelta(days=1)), by=tutor
        )
    assert error.value.message_dict["ends_on"] == [
        italian("The opening cannot end before it starts.")
    ]


@pytest.mark.parametrize(
    ("start", "to"), [(DRAFT, OPEN), (DRAFT, CLOSED), (OPEN, CLOSED), (CLOSED, OPEN)]
)
def test_allowed_transitions_change_the_status(company, tutor, start, to):
    opening = make_opening(company, tutor, status=start)
    returned = opening_services.opening_transition(opening=opening, to=to, by=tutor)
    assert returned.status == to
    opening.refresh_from_db()
    assert opening.status == to


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (DRAFT, DRAFT),
        (OPEN, OPEN),
        (OPEN, DRAFT),
        (CLOSED, CLOSED),
        (CLOSED, DRAFT),
    ],
)
def test_other_transitions_are_refused_with_a_clear_message(company, tutor, start, to):
    opening = make_opening(company, tutor, status=start)
    with pytest.raises(ValidationError) as error:
        opening_services.opening_transition(opening=opening, to=to, by=tutor)
    expected = italian("An opening that is %(current)s cannot become %(target)s.") % {
        "current": str(Opening.Status(start).label).lower(),
        "target": str(Opening.Status(to).label).lower(),
    }
    assert error.value.messages == [expected]
    opening.refresh_from_db()
    assert opening.status == start


def test_an_unknown_status_is_refused(company, tutor):
    opening = make_opening(company, tutor, status=DRAFT)
    with pytest.raises(ValidationError):
        opening_services.opening_transition(opening=opening, to="archived", by=tutor)
    opening.refresh_from_db()
    assert opening.status == DRAFT


def test_the_allowed_transitions_are_listed_in_order(company, tutor):
    assert opening_services.allowed_transitions(make_opening(company, tutor, status=DRAFT)) == [
        OPEN,
        CLOSED,
    ]
    assert opening_services.allowed_transitions(make_opening(company, tutor, status=OPEN)) == [
        CLOSED
    ]
    assert opening_services.allowed_transitions(make_opening(company, tutor, status=CLOSED)) == [
        OPEN
    ]


def test_closing_an_opening_leaves_its_placements_as_they_are(
    company, tutor, worker_a, org_a, person
):
    opening = make_opening(company, tutor, status=OPEN)
    placement = services.placement_propose(
        person=person,
        opening=opening,
        by=worker_a,
        planned_start=START,
        planned_end=START + timedelta(days=60),
        hours_per_week=20,
        promoter=org_a,
    )
    placement = services.placement_transition(
        placement=placement, to=Placement.Status.ACCEPTED, by=worker_a
    )
    opening_services.opening_transition(opening=opening, to=CLOSED, by=tutor)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    assert placement.opening == opening
