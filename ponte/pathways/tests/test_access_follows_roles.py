"""A role taken away keeps nothing (docs/privacy.md, "Access follows active roles"): a case
worker sees a person only while in the care team AND holding an active case-worker membership in
the organisation that follows the person. The finding: the coordinator deactivated a worker's
role at one cooperative; she kept her role at another and still opened the first one's people
(person page, diary, data export) and saw them in her caseload."""

import pytest

from ponte.network.models import Membership, Role
from ponte.pathways.access import care_team_people
from ponte.pathways.models import Placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(worker_a, org_b):
    """operatore.alfa, case manager of A's people, also a case worker of B."""
    Membership.objects.create(user=worker_a, organisation=org_b, role=Role.CASE_WORKER)
    return worker_a


def pages_of(person) -> list[str]:
    return [
        f"/percorsi/{person.code}/",
        f"/percorsi/{person.code}/diario/",
        f"/percorsi/{person.code}/cronologia/",
        f"/percorsi/{person.code}/piano/",
        f"/percorsi/{person.code}/dati/esporta.json",
    ]


def deactivate(user, organisation) -> None:
    membership = Membership.objects.get(user=user, organisation=organisation)
    membership.is_active = False
    membership.save()


def test_with_the_role_active_the_care_team_opens_the_person(client, worker, person):
    client.force_login(worker)
    for url in pages_of(person):
        assert client.get(url).status_code == 200, url
    assert person.code in client.get("/percorsi/").content.decode()


def test_a_role_taken_away_keeps_none_of_its_people(client, worker, person, org_a):
    deactivate(worker, org_a)
    client.force_login(worker)  # acting as B's case worker, the role she still holds
    for url in pages_of(person):
        assert client.get(url).status_code == 404, url
    caseload = client.get("/percorsi/").content.decode()
    assert person.code not in caseload and person.last_name not in caseload
    assert not care_team_people(worker).exists()


def test_a_role_at_another_organisation_gives_nothing(client, make_user, person, org_b):
    """In the care team (added by hand, say), but a case worker only of another cooperative."""
    outsider = make_user("operatrice.beta", org_b, Role.CASE_WORKER)
    person.care_team.add(outsider)
    client.force_login(outsider)
    for url in pages_of(person):
        assert client.get(url).status_code == 404, url


def test_a_deactivated_organisation_takes_its_people_with_it(client, worker, person, org_a):
    org_a.is_active = False
    org_a.save()
    client.force_login(worker)
    assert client.get(pages_of(person)[0]).status_code == 404


def test_the_placement_follows_the_role_too(client, worker, person, make_placement, org_a):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(worker)
    assert client.get(f"/percorsi/inserimenti/{placement.code}/").status_code == 200
    deactivate(worker, org_a)
    client.force_login(worker)
    assert client.get(f"/percorsi/inserimenti/{placement.code}/").status_code == 404


def test_the_open_session_of_the_role_taken_away_ends(client, worker, person, org_a):
    client.force_login(worker)  # acting for A, her first role
    assert client.get(pages_of(person)[0]).status_code == 200
    deactivate(worker, org_a)
    response = client.get(pages_of(person)[0])
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
