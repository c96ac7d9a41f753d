"""The care team /percorsi/<code>/equipe/ (POST): the care team adds and removes case workers of
the organisation in charge; the case manager stays."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login


def url(person) -> str:
    return f"/percorsi/{person.code}/equipe/"


def test_anonymous_visitors_are_sent_to_sign_in(client, person, worker_a2):
    response = client.post(url(person), {"action": "add", "user": worker_a2.pk})
    assert redirected_to_login(response, url(person))
    assert list(person.care_team.all()) == [person.case_manager]


def test_the_page_answers_only_post(client, worker_a, person):
    client.force_login(worker_a)
    assert client.get(url(person)).status_code == 405


def test_the_case_manager_adds_a_colleague(client, worker_a, worker_a2, person):
    client.force_login(worker_a)
    response = client.post(url(person), {"action": "add", "user": worker_a2.pk})
    assert response.url == f"/percorsi/{person.code}/"
    assert set(person.care_team.all()) == {worker_a, worker_a2}
    assert messages_of(response)[0][0] == "success"


def test_an_added_colleague_can_add_and_remove_too(
    client, make_user, org_a, worker_a, worker_a2, person
):
    from ponte.network.models import Role

    third = make_user("operatore.alfa3", org_a, Role.CASE_WORKER)
    person.care_team.add(worker_a2)
    client.force_login(worker_a2)
    client.post(url(person), {"action": "add", "user": third.pk})
    assert third in person.care_team.all()
    client.post(url(person), {"action": "remove", "user": third.pk})
    assert third not in person.care_team.all()


def test_the_case_manager_stays_in_the_care_team(client, worker_a, worker_a2, person):
    person.care_team.add(worker_a2)
    client.force_login(worker_a2)
    response = client.post(url(person), {"action": "remove", "user": worker_a.pk})
    assert messages_of(response) == [("error", italian("The case manager stays in the care team."))]
    assert worker_a in person.care_team.all()


def test_only_case_workers_of_the_organisation_can_be_added(
    client, worker_a, worker_b, contact_a, person
):
    client.force_login(worker_a)
    for outsider in (worker_b, contact_a):
        response = client.post(url(person), {"action": "add", "user": outsider.pk})
        assert messages_of(response)[-1][0] == "error"
    assert list(person.care_team.all()) == [worker_a]


def test_removing_oneself_goes_back_to_the_caseload(client, worker_a, worker_a2, person):
    person.care_team.add(worker_a2)
    client.force_login(worker_a2)
    response = client.post(url(person), {"action": "remove", "user": worker_a2.pk})
    assert response.url == "/percorsi/"
    assert worker_a2 not in person.care_team.all()


def test_the_referrer_gets_403(client, referrer, worker_a2, person):
    client.force_login(referrer)
    assert client.post(url(person), {"action": "add", "user": worker_a2.pk}).status_code == 403
    assert worker_a2 not in person.care_team.all()


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator", "tutor"])
def test_everyone_else_gets_404(client, request, person, worker_a2, user):
    client.force_login(request.getfixturevalue(user))
    response = client.post(url(person), {"action": "add", "user": worker_a2.pk})
    assert response.status_code == 404
    assert worker_a2 not in person.care_team.all()


def test_the_person_page_offers_the_colleagues_not_yet_in_the_team(
    client, worker_a, worker_a2, worker_b, person
):
    client.force_login(worker_a)
    response = client.get(f"/percorsi/{person.code}/")
    assert [w.pk for w in response.context["team_candidates"]] == [worker_a2.pk]
    person.care_team.add(worker_a2)
    response = client.get(f"/percorsi/{person.code}/")
    assert response.context["team_candidates"] == []
    assert 'id="care-team-user"' not in response.content.decode()
