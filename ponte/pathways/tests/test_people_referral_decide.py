"""Deciding a referral /percorsi/segnalazioni/<code>/: the case workers of the receiving
organisation see it and accept it (choosing the case manager, by default themselves) or decline
it with a coded reason. A decided referral says so; nobody else may decide. A referral of someone
the organisation already knows is shown as a possible duplicate, and may be attached to the
existing record."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, page_text, redirected_to_login
from ponte.network.models import Membership, Organisation
from ponte.pathways import services
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


# Possible duplicates (issue 15, item 8) ---------------------------------------------------------

MARIO_CF = "RSSMRA80A01H501U"


@pytest.fixture
def known(make_person):
    """Someone organisation A already follows, with worker_a as case manager."""
    return make_person(first_name="Mario", last_name="Rossi", fiscal_code=MARIO_CF)


@pytest.fixture
def again(make_referral, known):
    """The same fiscal code referred again: a second record, awaiting a decision."""
    return make_referral(first_name="Mario", last_name="Rossi", fiscal_code=MARIO_CF)


def attach(client, referral, person_code):
    return client.post(url(referral), {"decision": "attach", "person": person_code})


def test_the_case_worker_deciding_is_shown_the_possible_duplicate(client, worker_a2, known, again):
    # The finding: the same fiscal code referred twice silently made two people.
    client.force_login(worker_a2)
    response = client.get(url(again))
    assert response.status_code == 200
    assert [match.person for match in response.context["duplicates"]] == [known]
    html = page_text(response)
    assert italian("Possible duplicate") in html
    assert known.code in html
    # Seeing the match is a read of the existing person's identity, in the audit trail.
    assert access_entries(known, worker_a2) == 1


def test_no_duplicate_no_warning(client, worker_a, referral):
    client.force_login(worker_a)
    response = client.get(url(referral))
    assert response.context["duplicates"] == []
    assert italian("Possible duplicate") not in page_text(response)


def test_attaching_removes_the_duplicate_and_keeps_one_person(client, worker_a, known, again):
    client.force_login(worker_a)
    duplicate_code = again.person.code
    response = attach(client, again, known.code)
    assert response.url == f"/percorsi/{known.code}/"
    assert messages_of(response)[-1][0] == "success"
    assert list(Person.objects.filter(fiscal_code=MARIO_CF)) == [known]
    again.refresh_from_db()
    assert again.person == known
    assert again.status == Referral.Status.ACCEPTED
    assert (again.attached_by, again.removed_duplicate_code) == (worker_a, duplicate_code)
    assert client.get(f"/percorsi/{duplicate_code}/").status_code == 404


def test_a_case_worker_outside_the_care_team_is_sent_back_to_the_caseload(
    client, worker_a2, known, again
):
    client.force_login(worker_a2)
    response = attach(client, again, known.code)
    assert response.url == "/percorsi/"
    again.refresh_from_db()
    assert again.person == known


def test_attaching_to_a_closed_pathway_leads_to_the_decision(client, worker_a2, known, again):
    Person.objects.filter(pk=known.pk).update(status=Person.Status.CLOSED)
    client.force_login(worker_a2)
    response = attach(client, again, known.code)
    assert response.url == url(again)
    response = client.get(url(again))
    assert response.status_code == 200
    assert response.context["person"] == known
    assert response.context["duplicates"] == []
    client.post(url(again), {"decision": "accept", "case_manager": worker_a2.pk})
    known.refresh_from_db()
    assert (known.status, known.case_manager) == (Person.Status.OPEN, worker_a2)


def test_not_attaching_treats_the_referral_as_a_new_person(client, worker_a2, known, again):
    client.force_login(worker_a2)
    response = client.post(url(again), {"decision": "accept", "case_manager": worker_a2.pk})
    assert response.url == f"/percorsi/{again.person.code}/"
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2
    again.refresh_from_db()
    assert again.person != known and again.attached_by is None


def test_attaching_to_a_person_of_another_organisation_is_refused(
    client, worker_a, referrer, referring_body, org_b, municipalities, again
):
    elsewhere = services.referral_create(
        by=referrer,
        from_organisation=referring_body,
        to_organisation=org_b,
        service_kind=Referral.ServiceKind.SOCIAL_SERVICE,
        reason="Chiede un percorso.",
        person_fields={
            "first_name": "Mario",
            "last_name": "Rossi",
            "fiscal_code": MARIO_CF,
            "basis": Person.Basis.UNCERTIFIED,
            "municipality": next(iter(municipalities.values())),
        },
    ).person
    client.force_login(worker_a)
    response = attach(client, again, elsewhere.code)
    assert response.status_code == 200
    assert response.context["attach_form"].has_error("person")
    # B's person is neither offered nor named.
    assert elsewhere.code not in page_text(response)
    assert elsewhere.code not in [m.person.code for m in response.context["duplicates"]]
    again.refresh_from_db()
    assert (again.status, again.attached_by) == (Referral.Status.RECEIVED, None)
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 3


def test_attaching_without_any_duplicate_is_refused(client, worker_a, referral, other_person):
    client.force_login(worker_a)
    response = attach(client, referral, other_person.code)
    assert response.status_code == 200
    assert messages_of(response)[-1][0] == "error"
    referral.refresh_from_db()
    assert (referral.person.code, referral.attached_by) != (other_person.code, worker_a)
    assert referral.attached_by is None
    assert Person.objects.filter(pk=referral.person_id).exists()


def test_a_case_worker_of_another_organisation_cannot_attach(client, worker_b, known, again):
    client.force_login(worker_b)
    assert client.get(url(again)).status_code == 404
    assert attach(client, again, known.code).status_code == 404
    again.refresh_from_db()
    assert again.attached_by is None
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2


def test_a_case_worker_whose_role_was_taken_away_cannot_attach(client, worker_a2, known, again):
    Membership.objects.filter(user=worker_a2).update(is_active=False)
    client.force_login(worker_a2)
    assert attach(client, again, known.code).status_code == 404
    again.refresh_from_db()
    assert again.attached_by is None
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2


@pytest.mark.parametrize("user", ["referrer", "tutor"])
def test_the_referrer_and_a_tutor_cannot_attach(client, request, user, known, again):
    client.force_login(request.getfixturevalue(user))
    assert attach(client, again, known.code).status_code in (403, 404)
    again.refresh_from_db()
    assert again.attached_by is None
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2


def test_anonymous_visitors_cannot_attach(client, known, again):
    assert redirected_to_login(attach(client, again, known.code), url(again))
    assert Person.objects.filter(fiscal_code=MARIO_CF).count() == 2


def test_the_referrer_sees_only_its_own_referral_of_an_attached_person(
    client, make_user, make_organisation, worker_a, known, again
):
    """Once attached, the record has two referrals: each referring service sees its own."""
    client.force_login(worker_a)
    attach(client, again, known.code)
    other_body = make_organisation("Centro di salute mentale", kind=Organisation.Kind.PUBLIC_BODY)
    first = known.referrals.order_by("pk").first()
    Referral.objects.filter(pk=first.pk).update(from_organisation=other_body)
    client.force_login(again.referred_by)
    response = client.get(f"/percorsi/{known.code}/")
    assert response.status_code == 200
    assert response.context["referral"] == again
    assert "Centro di salute mentale" not in page_text(response)
    timeline = client.get(f"/percorsi/{known.code}/cronologia/")
    assert "Centro di salute mentale" not in page_text(timeline)
