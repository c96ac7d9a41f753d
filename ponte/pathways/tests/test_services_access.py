"""person_access and the access functions of access.py, per role (docs/privacy.md): the care
team sees and changes everything; a colleague of the same organisation decides referrals only;
the referring organisation follows its people; a company tutor sees only the people placed with
their organisation after the placement is accepted; every other role sees nobody."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ponte.network.models import Membership, Organisation, Role
from ponte.pathways import services
from ponte.pathways.access import (
    care_team_people,
    get_person_for_user,
    get_placement_for_user,
    get_referral_for_decision,
    is_in_care_team,
    person_access,
)
from ponte.pathways.models import Level, Placement, Service
from ponte.pathways.tests.service_helpers import request_as

Status = Placement.Status
TODAY = date.today()


def access_of(user, person, organisation=None):
    access = person_access(request_as(user, organisation), person)
    if access is None:
        return None
    return (access.sees_identity, access.can_change, access.can_decide_referral)


FULL = (True, True, False)
READ_ONLY = (True, False, False)
DECIDE_ONLY = (True, False, True)


@pytest.fixture
def referred(make_referral):
    """A person referred to A, not yet decided."""
    return make_referral(first_name="Ivan", last_name="Florian").person


@pytest.fixture
def company_service(company, municipalities) -> Service:
    """A service hosted by the company (company openings come with the next issue)."""
    service = Service.objects.create(
        provider=company,
        name="Reparto confezionamento",
        kind=Service.Kind.COOP_INTERNSHIP,
        places=3,
        municipality=next(iter(municipalities.values())),
    )
    service.levels.set(Level.objects.filter(number=3))
    return service


@pytest.fixture
def table_member(make_user, referring_body):
    return make_user("tavolo.valle", referring_body, Role.TABLE_MEMBER)


# The care team -------------------------------------------------------------------------------


def test_the_case_manager_sees_and_changes_everything(person, worker_a):
    assert access_of(worker_a, person) == FULL
    assert is_in_care_team(worker_a, person)
    assert list(care_team_people(worker_a)) == [person]


def test_a_worker_added_to_the_care_team_sees_and_changes_everything(person, worker_a2):
    services.care_team_add(person=person, user=worker_a2)
    assert access_of(worker_a2, person) == FULL
    assert list(care_team_people(worker_a2)) == [person]


def test_a_worker_removed_from_the_care_team_sees_nothing_any_more(person, worker_a2):
    services.care_team_add(person=person, user=worker_a2)
    services.care_team_remove(person=person, user=worker_a2)
    assert access_of(worker_a2, person) is None


def test_the_case_manager_cannot_leave_the_care_team(person, worker_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.care_team_remove(person=person, user=worker_a)
    assert is_in_care_team(worker_a, person)


def test_care_team_people_lists_each_person_once(person, other_person, worker_a):
    services.care_team_add(person=person, user=worker_a)  # already the case manager
    assert sorted(care_team_people(worker_a), key=str) == sorted([person, other_person], key=str)


# Other case workers ------------------------------------------------------------------------


def test_another_case_worker_of_the_same_organisation_sees_nobody_in_a_pathway(person, worker_a2):
    assert access_of(worker_a2, person) is None


def test_a_case_worker_of_the_receiving_organisation_may_decide_a_referral(referred, worker_a2):
    assert access_of(worker_a2, referred) == DECIDE_ONLY


def test_once_decided_the_referral_is_no_longer_theirs(referred, worker_a, worker_a2):
    referral = referred.referrals.get()
    services.referral_accept(referral=referral, by=worker_a, case_manager=worker_a)
    referred.refresh_from_db()
    assert access_of(worker_a2, referred) is None
    assert access_of(worker_a, referred) == FULL


def test_a_case_worker_of_another_organisation_sees_nobody(person, referred, worker_b):
    assert access_of(worker_b, person) is None
    assert access_of(worker_b, referred) is None


def test_a_case_worker_acting_for_another_organisation_may_not_decide(
    referred, make_user, org_a, org_b
):
    user = make_user("operatore.doppio", org_b, Role.CASE_WORKER)
    Membership.objects.create(user=user, organisation=org_a, role=Role.MEMBER_CONTACT)
    assert access_of(user, referred, org_b) is None
    assert access_of(user, referred, org_a) is None


# Referrers ---------------------------------------------------------------------------------


def test_the_referring_organisation_sees_its_people_but_changes_nothing(person, referred, referrer):
    assert access_of(referrer, person) == READ_ONLY
    assert access_of(referrer, referred) == READ_ONLY


def test_a_colleague_of_the_referrer_sees_them_too(person, make_user, referring_body):
    colleague = make_user("inviante.collega", referring_body, Role.REFERRER)
    assert access_of(colleague, person) == READ_ONLY


def test_a_referrer_of_another_organisation_sees_nobody(person, make_user, make_organisation):
    other_body = make_organisation("Azienda sanitaria", kind=Organisation.Kind.PUBLIC_BODY)
    other = make_user("inviante.altro", other_body, Role.REFERRER)
    assert access_of(other, person) is None


# Company tutors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.PROPOSED, None),
        (Status.WITHDRAWN, None),
        (Status.ACCEPTED, READ_ONLY),
        (Status.ACTIVE, READ_ONLY),
        (Status.ENDED, READ_ONLY),
    ],
)
def test_a_company_tutor_sees_a_person_only_once_a_placement_with_them_is_accepted(
    make_placement, person, company_service, tutor, worker_a, status, expected
):
    target = Status.ACTIVE if status == Status.ENDED else status
    placement = make_placement(
        person,
        service=company_service,
        status=target if target != Status.WITHDRAWN else Status.PROPOSED,
    )
    if status == Status.WITHDRAWN:
        services.placement_transition(placement=placement, to=status, by=worker_a)
    if status == Status.ENDED:
        services.placement_transition(
            placement=placement, to=status, by=worker_a, outcome="completed"
        )
    assert access_of(tutor, person) == expected


def test_a_company_tutor_sees_nobody_placed_elsewhere(make_placement, person, tutor):
    make_placement(person, status=Status.ACTIVE)  # in the service of cooperative A
    assert access_of(tutor, person) is None


def test_a_tutor_of_another_company_sees_nobody(
    make_placement, person, company_service, make_user, make_organisation
):
    make_placement(person, service=company_service, status=Status.ACTIVE)
    other_company = make_organisation("Segheria Delta", kind=Organisation.Kind.COMPANY)
    other_tutor = make_user("tutor.delta", other_company, Role.COMPANY_TUTOR)
    assert access_of(other_tutor, person) is None


# Roles without access to people ------------------------------------------------------------


@pytest.mark.parametrize("who", ["contact_a", "coordinator", "table_member", "nobody"])
def test_other_roles_see_nobody(request, person, referred, who):
    user = request.getfixturevalue(who)
    assert access_of(user, person) is None
    assert access_of(user, referred) is None


def test_a_member_contact_in_the_care_team_sees_nothing_while_acting_as_contact(
    person, two_roles, org_a, org_b
):
    services.care_team_add(person=person, user=two_roles)
    assert access_of(two_roles, person, org_b) is None
    assert access_of(two_roles, person, org_a) == FULL


def test_anonymous_visitors_see_nobody(person):
    assert person_access(request_as(None), person) is None


# The get_*_for_user functions --------------------------------------------------------------


def test_get_person_for_user_answers_404_to_who_may_not_know_the_person(person, worker_b):
    with pytest.raises(Http404):
        get_person_for_user(request_as(worker_b), person.code)
    with pytest.raises(Http404):
        get_person_for_user(request_as(worker_b), "FF-ZZZZ")


def test_get_person_for_user_answers_403_to_who_may_see_but_not_change(person, referrer):
    assert get_person_for_user(request_as(referrer), person.code).person == person
    with pytest.raises(PermissionDenied):
        get_person_for_user(request_as(referrer), person.code, for_change=True)


def test_get_person_for_user_gives_the_care_team_everything(person, worker_a):
    access = get_person_for_user(request_as(worker_a), person.code, for_change=True)
    assert (access.person, access.sees_identity, access.can_change) == (person, True, True)


def test_only_a_case_worker_of_the_receiving_organisation_decides_a_referral(
    referred, worker_a2, referrer, worker_b
):
    code = referred.referrals.get().code
    assert get_referral_for_decision(request_as(worker_a2), code).person == referred
    with pytest.raises(PermissionDenied):
        get_referral_for_decision(request_as(referrer), code)
    with pytest.raises(Http404):
        get_referral_for_decision(request_as(worker_b), code)


def test_get_placement_for_user_per_role(
    make_placement, person, company_service, worker_a, worker_a2, referrer, tutor, contact_a
):
    placement = make_placement(person, service=company_service, status=Status.ACCEPTED)

    def access(user):
        result = get_placement_for_user(request_as(user), placement.code)
        return (result.sees_identity, result.can_change, result.is_tutor)

    assert access(worker_a) == (True, True, False)
    assert access(tutor) == (True, True, True)
    assert access(referrer) == (True, False, False)
    for outsider in (worker_a2, contact_a):
        with pytest.raises(Http404):
            get_placement_for_user(request_as(outsider), placement.code)
    with pytest.raises(PermissionDenied):
        get_placement_for_user(request_as(referrer), placement.code, for_change=True)


def test_a_company_tutor_does_not_know_a_proposed_placement(
    make_placement, person, company_service, tutor
):
    placement = make_placement(person, service=company_service)
    with pytest.raises(Http404):
        get_placement_for_user(request_as(tutor), placement.code)


def test_the_tutor_of_a_cooperative_placement_registers_it_while_it_is_running(
    make_placement, person, worker_a2
):
    placement = make_placement(person, status=Status.ACTIVE, tutor=worker_a2)
    result = get_placement_for_user(request_as(worker_a2), placement.code, for_change=True)
    assert (result.sees_identity, result.can_change, result.is_tutor) == (True, True, True)
    assert TODAY - timedelta(days=30) == placement.actual_start
