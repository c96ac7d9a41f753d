"""Deciding a referral /percorsi/segnalazioni/<code>/: the case workers of the receiving
organisation see it and accept it (choosing the case manager, by default themselves) or decline
it with a coded reason. A decided referral says so; nobody else may decide."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.pathways.models import LevelChange, Person, Referral
from ponte.pathways.tests.people_helpers import access_entries


def url(referral) -> str:
    return f"/percorsi/segnalazioni/{referral.code}/"


@pytest.fixture
def referral(make_referral):
    return make_referral(first_name="Lucia", last_name="Verdi")


def test_anonymous_visitors_are_sent_to_sign_in(client, referral):
    assert redirected_to_login(client.get(url(referral)), url(referral))


def test_a_case_worker_of_the_receiving_organisation_sees_the_referral(client, worker_a2, referral):
    client.force_login(worker_a2)
    response = client.get(url(referral))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verdi" in html
    assert "Disoccupato da due anni" in html
    assert response.context["accept_form"].initial["case_manager"] == worker_a2.pk
    assert access_entries(referral.person, worker_a2) == 1


def test_accepting_opens_the_pathway_with_the_chosen_case_manager(
    client, worker_a2, worker_a, referral
):
    client.force_login(worker_a2)
    response = client.post(url(referral), {"decision": "accept", "case_manager": worker_a.pk})
    person = Person.objects.get(pk=referral.person.pk)
    assert response.url == f"/percorsi/{person.code}/"
    assert person.status == Person.Status.OPEN
    assert person.case_manager == worker_a
    assert list(person.care_team.all()) == [worker_a]
    assert LevelChange.objects.filter(person=person, cause=LevelChange.Cause.INTAKE).exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decided_by == worker_a2


def test_declining_needs_a_coded_reason(client, worker_a, referral):
    client.force_login(worker_a)
    response = client.post(url(referral), {"decision": "decline", "reason": "", "note": "x"})
    assert response.status_code == 200
    assert response.context["decline_form"].has_error("reason")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


def test_declining_records_the_reason_and_the_note(client, worker_a, referral):
    client.force_login(worker_a)
    response = client.post(
        url(referral),
        {"decision": "decline", "reason": Referral.DeclineReason.NO_PLACES, "note": "Da gennaio"},
    )
    assert response.url == "/percorsi/"
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == Referral.DeclineReason.NO_PLACES
    assert referral.decline_note == "Da gennaio"
    assert Person.objects.get(pk=referral.person_id).status == Person.Status.DECLINED


def test_a_case_manager_must_be_a_case_worker_of_the_organisation(
    client, worker_a, worker_b, referral
):
    client.force_login(worker_a)
    response = client.post(url(referral), {"decision": "accept", "case_manager": worker_b.pk})
    assert response.status_code == 200
    assert response.context["accept_form"].has_error("case_manager")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_an_already_decided_referral_says_so(client, worker_a, worker_a2, referral, decision):
    client.force_login(worker_a)
    client.post(url(referral), {"decision": "decline", "reason": "other"})
    client.force_login(worker_a2)
    response = client.post(
        url(referral), {"decision": decision, "case_manager": worker_a2.pk, "reason": "other"}
    )
    assert response.url == "/percorsi/"
    assert messages_of(response)[-1] == (
        "warning",
        italian("This referral has already been decided."),
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decided_by == worker_a


def test_the_case_manager_opening_an_accepted_referral_is_told_it_is_decided(
    client, worker_a, referral
):
    client.force_login(worker_a)
    client.post(url(referral), {"decision": "accept", "case_manager": worker_a.pk})
    response = client.get(url(referral))
    assert response.url == "/percorsi/"
    assert messages_of(response)[-1][0] == "warning"


def test_a_case_worker_of_another_organisation_gets_404(client, worker_b, referral):
    client.force_login(worker_b)
    assert client.get(url(referral)).status_code == 404
    assert client.post(url(referral), {"decision": "decline", "reason": "other"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


def test_the_referrer_may_not_decide(client, referrer, referral):
    client.force_login(referrer)
    assert client.get(url(referral)).status_code == 403
    client.post(url(referral), {"decision": "decline", "reason": "other"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "tutor", "nobody"])
def test_other_roles_get_404(client, request, referral, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(referral)).status_code == 404


def test_an_unknown_code_gets_404(client, worker_a, referral):
    client.force_login(worker_a)
    assert client.get("/percorsi/segnalazioni/ZZZZZZZZ/").status_code == 404
