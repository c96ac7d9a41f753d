"""The proposal pages /opportunita/proposte/…: the tutor sees a functional profile only (never
names, basis of disadvantage or diary), and only while the consent is in force; each side takes
only its own steps; bad input saves nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.matching import services
from ponte.matching.models import Proposal
from ponte.network.models import Role
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Consent, Placement

pytestmark = pytest.mark.django_db


def url(proposal, step: str = "") -> str:
    return f"/opportunita/proposte/{proposal.code}/{step}"


def _interview(proposal, tutor):
    return services.proposal_answer(proposal=proposal, by=tutor, interview=True)


# Who sees what -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, proposal):
    response = client.get(url(proposal))
    assert redirected_to_login(response, url(proposal))


def test_the_tutor_sees_a_functional_profile_and_never_identity(client, tutor, worker_a, proposal):
    person = proposal.person
    person.basis = "law68"
    person.invalidity_percent = 60
    person.skills = "magazzino"
    person.save()
    pathway_services.diary_write(person=person, by=worker_a, text="Colloquio con la madre.")
    client.force_login(tutor)
    response = client.get(url(proposal))
    html = response.content.decode()
    assert response.status_code == 200
    assert person.code in html
    assert "magazzino" in html
    for secret in ("Mario", "Rossi", person.get_basis_display(), "1990", "Colloquio"):
        assert secret not in html


def test_the_tutor_does_not_see_where_the_person_lives_beyond_the_municipality(
    client, tutor, proposal
):
    client.force_login(tutor)
    html = client.get(url(proposal)).content.decode()
    # The explanation keeps to the functional profile: no transport, no waiting time.
    assert italian("time waiting").capitalize() not in html
    assert italian("distance").capitalize() not in html


def test_the_case_worker_sees_the_whole_explanation(client, worker_a, proposal):
    client.force_login(worker_a)
    html = client.get(url(proposal)).content.decode()
    assert italian("distance").capitalize() in html
    assert italian("time waiting").capitalize() in html


def test_a_tutor_of_another_company_does_not_find_it(
    client, make_user, make_organisation, proposal
):
    other = make_organisation("Segheria Delta", kind="company")
    stranger = make_user("tutor.delta", other, Role.COMPANY_TUTOR)
    client.force_login(stranger)
    assert client.get(url(proposal)).status_code == 404


@pytest.mark.parametrize("who", ["worker_b", "worker_a2", "contact_a", "coordinator", "referrer"])
def test_other_roles_and_organisations_do_not_find_it(client, request, who, proposal):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(proposal)).status_code == 404


def test_the_tutor_loses_sight_of_it_when_the_consent_expires(client, tutor, proposal):
    Consent.objects.filter(person=proposal.person).update(
        expires_on=date.today() - timedelta(days=1)
    )
    client.force_login(tutor)
    assert client.get(url(proposal)).status_code == 404
    assert client.get("/opportunita/proposte/").content.decode().count(proposal.person.code) == 0


def test_withdrawing_the_consent_withdraws_the_proposal_from_the_tutors_sight(
    client, tutor, worker_a, proposal
):
    pathway_services.consents_withdraw(
        person=proposal.person, purpose=Consent.Purpose.COMPANIES, by=worker_a
    )
    client.force_login(tutor)
    assert client.get(url(proposal)).status_code == 404


# Lists -------------------------------------------------------------------------------------------


@pytest.mark.time_machine(datetime(2027, 3, 15, 10, tzinfo=UTC))
def test_once_the_placement_has_ended_the_tutor_receives_no_new_profile(
    client, tutor, worker_a, org_a, proposal
):
    person = proposal.person
    person.skills = "magazzino"
    person.save()
    _interview(proposal, tutor)
    placement = services.proposal_place(
        proposal=proposal,
        by=worker_a,
        planned_start=date(2027, 2, 1),
        planned_end=date(2027, 5, 31),
        hours_per_week=20,
        promoter=org_a,
    )
    services.proposal_accept_placement(proposal=proposal, by=tutor)
    placement.refresh_from_db()
    pathway_services.placement_transition(
        placement=placement, to=Placement.Status.ACTIVE, by=worker_a, on=date(2027, 2, 1)
    )
    client.force_login(tutor)
    assert "magazzino" in client.get(url(proposal)).content.decode()
    placement.refresh_from_db()
    pathway_services.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=date(2027, 3, 10),
        outcome=Placement.Outcome.COMPLETED,
    )
    html = client.get(url(proposal)).content.decode()
    assert "magazzino" not in html
    assert italian("Why this candidate") not in html
    candidates = client.get(f"/opportunita/{proposal.opening.code}/candidati/").content.decode()
    assert "magazzino" not in candidates


def test_the_tutor_lists_the_candidates_proposed_to_the_company(client, tutor, proposal):
    client.force_login(tutor)
    response = client.get("/opportunita/proposte/")
    html = response.content.decode()
    assert proposal.person.code in html
    assert "Rossi" not in html


def test_the_case_worker_lists_the_proposals_of_the_care_team(client, worker_a, worker_b, proposal):
    client.force_login(worker_a)
    assert proposal.person.code in client.get("/opportunita/proposte/").content.decode()
    client.force_login(worker_b)
    assert proposal.person.code not in client.get("/opportunita/proposte/").content.decode()


def test_the_proposals_list_is_refused_to_other_roles(client, contact_a):
    client.force_login(contact_a)
    assert client.get("/opportunita/proposte/").status_code == 403


def test_the_proposals_list_query_count_does_not_grow(
    client, tutor, worker_a, make_opening, make_person, django_assert_max_num_queries
):
    from .conftest import at_level, consent_to_companies

    def add(n):
        for i in range(n):
            person = at_level(make_person(first_name=f"Nome{i}"), 3)
            consent_to_companies(person, worker_a)
            services.proposal_create(
                opening=make_opening(title=f"Posto {i}"), person=person, by=worker_a
            )

    add(2)
    client.force_login(tutor)
    with django_assert_max_num_queries(12) as few:
        client.get("/opportunita/proposte/")
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/opportunita/proposte/")


# The tutor's steps -------------------------------------------------------------------------------


def test_the_tutor_accepts_an_interview(client, tutor, proposal):
    client.force_login(tutor)
    response = client.post(url(proposal, "risposta/"), {"decision": "interview"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTERVIEW


def test_declining_without_a_reason_says_so_and_saves_nothing(client, tutor, proposal):
    client.force_login(tutor)
    response = client.post(url(proposal, "risposta/"), {"decision": "decline", "reason": ""})
    assert response.status_code == 400
    assert italian("Choose the reason for declining.") in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_an_unknown_reason_is_refused(client, tutor, proposal):
    client.force_login(tutor)
    response = client.post(url(proposal, "risposta/"), {"decision": "decline", "reason": "xyz"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_the_case_worker_cannot_answer_for_the_tutor(client, worker_a, proposal):
    client.force_login(worker_a)
    response = client.post(url(proposal, "risposta/"), {"decision": "interview"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_the_tutor_accepts_the_placement(client, tutor, worker_a, org_a, proposal):
    _interview(proposal, tutor)
    placement = services.proposal_place(
        proposal=proposal,
        by=worker_a,
        planned_start=date.today(),
        planned_end=date.today() + timedelta(days=90),
        hours_per_week=20,
        promoter=org_a,
    )
    client.force_login(tutor)
    response = client.post(url(proposal, "accetta/"))
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED


# The care team's steps ---------------------------------------------------------------------------


def test_the_case_worker_proposes_the_placement_after_the_interview(
    client, tutor, worker_a, org_a, proposal
):
    _interview(proposal, tutor)
    client.force_login(worker_a)
    page = client.get(url(proposal)).content.decode()
    assert italian("Propose the placement") in page
    response = client.post(
        url(proposal, "inserimento/"),
        {
            "planned_start": date.today().isoformat(),
            "planned_end": (date.today() + timedelta(days=60)).isoformat(),
            "hours_per_week": 20,
            "promoter": org_a.pk,
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PLACED
    assert response.status_code == 302
    assert response.url == f"/percorsi/inserimenti/{proposal.placement.code}/"


def test_a_placement_ending_before_it_starts_is_refused(client, tutor, worker_a, org_a, proposal):
    _interview(proposal, tutor)
    client.force_login(worker_a)
    response = client.post(
        url(proposal, "inserimento/"),
        {
            "planned_start": date.today().isoformat(),
            "planned_end": (date.today() - timedelta(days=1)).isoformat(),
            "hours_per_week": 20,
            "promoter": org_a.pk,
        },
    )
    assert response.status_code == 400
    assert italian_html("The placement cannot end before it starts.") in response.content.decode()
    assert not Placement.objects.exists()


def test_the_tutor_cannot_propose_the_placement(client, tutor, org_a, proposal):
    _interview(proposal, tutor)
    client.force_login(tutor)
    response = client.post(
        url(proposal, "inserimento/"),
        {
            "planned_start": date.today().isoformat(),
            "planned_end": (date.today() + timedelta(days=60)).isoformat(),
            "hours_per_week": 20,
            "promoter": org_a.pk,
        },
    )
    assert response.status_code == 403
    assert not Placement.objects.exists()


def test_the_case_worker_withdraws_the_proposal(client, worker_a, proposal):
    client.force_login(worker_a)
    response = client.post(url(proposal, "ritira/"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_withdrawing_twice_says_why(client, worker_a, proposal):
    client.force_login(worker_a)
    client.post(url(proposal, "ritira/"))
    response = client.post(url(proposal, "ritira/"), follow=True)
    assert any(level == "error" for level, _text in messages_of(response))


def test_steps_are_post_only(client, worker_a, proposal):
    client.force_login(worker_a)
    assert client.get(url(proposal, "ritira/")).status_code == 405


def test_the_tutor_cannot_reach_the_person_page_of_a_proposed_candidate(client, tutor, proposal):
    client.force_login(tutor)
    for path in ("", "cronologia/", "diario/", "piano/"):
        assert client.get(f"/percorsi/{proposal.person.code}/{path}").status_code == 404


def test_a_placement_in_an_opening_is_named_by_the_opening_on_every_page(
    client, tutor, worker_a, org_a, proposal
):
    _interview(proposal, tutor)
    placement = services.proposal_place(
        proposal=proposal,
        by=worker_a,
        planned_start=date.today(),
        planned_end=date.today() + timedelta(days=90),
        hours_per_week=20,
        promoter=org_a,
    )
    client.force_login(worker_a)
    for path in (
        f"/percorsi/inserimenti/{placement.code}/",
        f"/percorsi/{proposal.person.code}/",
        f"/percorsi/{proposal.person.code}/cronologia/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert proposal.opening.title in response.content.decode(), path
