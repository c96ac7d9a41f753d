"""Candidates of an opening, next steps of a person, the optimal assignment and the weights:
ranked with reasons, limited to what each role may know, with query counts that do not grow."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry

from ponte.core.tests.helpers import messages_of, redirected_to_login
from ponte.governance.models import Table, TableMembership
from ponte.matching.models import Proposal, Weights
from ponte.network.models import Role
from ponte.openings.models import Opening
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Consent

from .conftest import at_level, consent_to_companies

pytestmark = pytest.mark.django_db


def candidates_url(opening) -> str:
    return f"/opportunita/{opening.code}/candidati/"


def propose_url(opening, person) -> str:
    return f"/opportunita/{opening.code}/candidati/{person.code}/proponi/"


def consent_to_table(person, by):
    return pathway_services.consent_record(
        person=person,
        purpose=Consent.Purpose.TABLE,
        given_on=date.today() - timedelta(days=2),
        document_reference="Prot. 7",
        by=by,
    )


# Candidates --------------------------------------------------------------------------------------


def test_the_case_worker_sees_the_care_team_ranked_with_reasons(
    client, worker_a, opening, make_person
):
    best = at_level(make_person(first_name="Anna", skills="magazzino, etichettatura"), 2)
    other = at_level(make_person(first_name="Bruno", skills="cucina"), 4)
    low = at_level(make_person(first_name="Carlo"), 1)
    client.force_login(worker_a)
    response = client.get(candidates_url(opening))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(best.code) < html.index(other.code)
    assert low.code not in html  # below the minimum level
    assert "Anna" in html  # the care team knows the names


def test_reading_the_candidates_records_a_read_of_identity(client, worker_a, opening, candidate):
    client.force_login(worker_a)
    client.get(candidates_url(opening))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=worker_a).latest("pk")
    assert candidate.code in entry.object_repr


def test_people_of_other_care_teams_are_not_candidates(client, worker_a2, opening, candidate):
    client.force_login(worker_a2)
    assert candidate.code not in client.get(candidates_url(opening)).content.decode()


def test_people_placed_full_time_are_not_candidates(
    client, worker_a, opening, candidate, make_placement
):
    make_placement(candidate, status="active", hours_per_week=30)
    client.force_login(worker_a)
    assert candidate.code not in client.get(candidates_url(opening)).content.decode()


def test_the_filters_narrow_the_candidates(client, worker_a, opening, make_person):
    two = at_level(make_person(first_name="Anna"), 2)
    three = at_level(make_person(first_name="Bruno"), 3)
    client.force_login(worker_a)
    html = client.get(candidates_url(opening), {"level": 3}).content.decode()
    assert three.code in html and two.code not in html


def test_a_bad_filter_is_ignored_with_a_message_on_the_field(client, worker_a, opening, candidate):
    client.force_login(worker_a)
    response = client.get(candidates_url(opening), {"hours": "tanti"})
    assert response.status_code == 200
    assert response.context["form"].errors["hours"]
    assert candidate.code in response.content.decode()


def test_without_consent_a_candidate_cannot_be_proposed(client, worker_a, opening, person):
    at_level(person, 3)
    client.force_login(worker_a)
    html = client.get(candidates_url(opening)).content.decode()
    assert person.code in html
    assert propose_url(opening, person) not in html
    response = client.post(propose_url(opening, person), follow=True)
    assert not Proposal.objects.exists()
    assert any(level == "error" for level, _text in messages_of(response))


def test_one_click_proposes_a_consenting_candidate(client, worker_a, opening, candidate):
    client.force_login(worker_a)
    html = client.get(candidates_url(opening)).content.decode()
    assert propose_url(opening, candidate) in html
    response = client.post(propose_url(opening, candidate), {"note": "Puntuale."})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == f"/opportunita/proposte/{proposal.code}/"
    assert proposal.score is not None and proposal.note == "Puntuale."


def test_only_the_care_team_proposes(client, worker_a2, opening, candidate):
    client.force_login(worker_a2)
    assert client.post(propose_url(opening, candidate)).status_code == 404
    assert not Proposal.objects.exists()


def test_a_tutor_cannot_propose(client, tutor, opening, candidate):
    client.force_login(tutor)
    assert client.post(propose_url(opening, candidate)).status_code == 404
    assert not Proposal.objects.exists()


def test_the_tutor_sees_only_proposed_candidates_as_functional_profiles(
    client, tutor, opening, proposal, make_person, worker_a
):
    not_proposed = at_level(make_person(first_name="Anna"), 3)
    consent_to_companies(not_proposed, worker_a)
    client.force_login(tutor)
    html = client.get(candidates_url(opening)).content.decode()
    assert proposal.person.code in html
    assert not_proposed.code not in html
    assert "Rossi" not in html and "Mario" not in html


def test_the_tutor_of_another_company_does_not_see_the_candidates(
    client, make_user, make_organisation, opening, proposal
):
    stranger = make_user(
        "tutor.delta", make_organisation("Delta srl", kind="company"), Role.COMPANY_TUTOR
    )
    client.force_login(stranger)
    assert client.get(candidates_url(opening)).status_code == 404


@pytest.mark.parametrize("who", ["contact_a", "coordinator", "referrer"])
def test_other_roles_are_refused_the_candidates(client, request, who, opening):
    client.force_login(request.getfixturevalue(who))
    assert client.get(candidates_url(opening)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, opening):
    response = client.get(candidates_url(opening))
    assert redirected_to_login(response, candidates_url(opening))


def test_a_draft_opening_has_no_candidates_page_for_outsiders(client, worker_b, make_opening):
    draft = make_opening(status=Opening.Status.DRAFT)
    client.force_login(worker_b)
    assert client.get(candidates_url(draft)).status_code == 404


def test_the_candidates_query_count_does_not_grow(
    client, worker_a, opening, make_person, django_assert_max_num_queries
):
    for i in range(2):
        at_level(make_person(first_name=f"Nome{i}"), 3)
    client.force_login(worker_a)
    with django_assert_max_num_queries(30) as few:
        client.get(candidates_url(opening))
    for i in range(2, 10):
        at_level(make_person(first_name=f"Nome{i}"), 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(candidates_url(opening))


# Next steps --------------------------------------------------------------------------------------


def test_next_steps_rank_openings_and_services(client, worker_a, candidate, opening, service):
    client.force_login(worker_a)
    response = client.get(f"/opportunita/persone/{candidate.code}/prossimi-passi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert opening.title in html
    assert propose_url(opening, candidate) in html


def test_next_steps_are_for_the_care_team_only(client, worker_a2, tutor, candidate):
    for user in (worker_a2, tutor):
        client.force_login(user)
        response = client.get(f"/opportunita/persone/{candidate.code}/prossimi-passi/")
        assert response.status_code in (403, 404)


# The optimal assignment --------------------------------------------------------------------------


def seat_at_the_tavolo_tecnico(user, organisation):
    table = Table.objects.get_or_create(name="Tavolo Tecnico", kind=Table.Kind.TECHNICAL)[0]
    return TableMembership.objects.create(table=table, user=user, organisation=organisation)


def test_the_table_sees_the_optimal_assignment_by_code_only(
    client, make_user, coordination, worker_a, make_opening, make_person
):
    member = make_user("tavolo.uno", coordination, Role.TABLE_MEMBER)
    seat_at_the_tavolo_tecnico(member, coordination)
    first = make_opening(title="Magazzino", places=1)
    second = make_opening(title="Cucina", places=1, skills="cucina")
    people = []
    for name, skills in (("Anna", "magazzino, etichettatura"), ("Bruno", "cucina")):
        person = at_level(make_person(first_name=name, skills=skills), 2)
        consent_to_table(person, worker_a)
        people.append(person)
    no_consent = at_level(make_person(first_name="Carlo"), 3)
    client.force_login(member)
    response = client.get("/opportunita/assegnazione/", {"run": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert people[0].code in html and people[1].code in html
    assert no_consent.code not in html
    assert "Anna" not in html and "Bruno" not in html
    assert first.title in html and second.title in html
    # The table member cannot propose: no button.
    assert "/proponi/" not in html


def test_the_case_worker_turns_a_pair_into_a_proposal_in_one_click(
    client, worker_a, opening, candidate
):
    consent_to_table(candidate, worker_a)
    seat_at_the_tavolo_tecnico(worker_a, worker_a.memberships.get().organisation)
    client.force_login(worker_a)
    html = client.get("/opportunita/assegnazione/", {"run": "1"}).content.decode()
    assert propose_url(opening, candidate) in html


def test_the_assignment_is_only_for_who_sits_at_the_tavolo_tecnico(
    client, make_user, coordination, worker_a
):
    """docs/privacy.md: the pages acting for the Tavolo Tecnico are for its members and the
    coordinator, not for every holder of a table-member or case-worker role; a seat lasts only
    while the membership of the organisation it represents is active."""
    member = make_user("tavolo.due", coordination, Role.TABLE_MEMBER)
    steering = Table.objects.create(name="Tavolo di Regia", kind=Table.Kind.STEERING)
    TableMembership.objects.create(table=steering, user=member, organisation=coordination)
    for user in (member, worker_a):
        client.force_login(user)
        assert client.get("/opportunita/assegnazione/").status_code == 403
    seat_at_the_tavolo_tecnico(member, coordination)
    client.force_login(member)
    assert client.get("/opportunita/assegnazione/").status_code == 200
    member.memberships.update(is_active=False)
    client.force_login(member)
    assert client.get("/opportunita/assegnazione/").status_code == 403


def test_the_assignment_is_refused_to_tutors_and_contacts(client, tutor, contact_a):
    for user in (tutor, contact_a):
        client.force_login(user)
        assert client.get("/opportunita/assegnazione/").status_code == 403


# Weights -----------------------------------------------------------------------------------------


def test_the_coordinator_edits_the_weights(client, coordinator):
    client.force_login(coordinator)
    data = dict.fromkeys(Weights.FACTORS, 1) | {"distance": 7}
    response = client.post("/opportunita/pesi/", data)
    assert response.status_code == 302
    assert Weights.current().distance == 7


def test_a_weight_above_ten_is_refused_and_nothing_saved(client, coordinator):
    client.force_login(coordinator)
    data = dict.fromkeys(Weights.FACTORS, 1) | {"distance": 11}
    response = client.post("/opportunita/pesi/", data)
    assert response.status_code == 200
    assert Weights.current().distance == 2


def test_only_the_coordinator_edits_the_weights(client, worker_a):
    client.force_login(worker_a)
    assert client.post("/opportunita/pesi/", {"distance": 7}).status_code == 403


def test_the_opening_page_leads_the_case_worker_to_the_candidates(client, worker_a, opening):
    client.force_login(worker_a)
    html = client.get(f"/opportunita/{opening.code}/").content.decode()
    assert candidates_url(opening) in html


def test_the_public_opening_page_has_no_way_to_candidates(client, opening):
    html = client.get(f"/opportunita/{opening.code}/").content.decode()
    assert candidates_url(opening) not in html
