"""What the host's tutor sees of a person placed with their organisation (docs/privacy.md,
"Company tutors, field by field" and "Consent enforcement"): from the acceptance, what the
internship agreement names, the attendance and the host's own evaluations; the functional profile
and the latest scores only while the placement is under way and the *companies* consent is in
force; after the end the record of the placement and nothing new. Never the basis of
disadvantage, the diary, the referral, the consents or assessments made by others."""

from datetime import UTC, date, datetime

import pytest

from ponte.core.tests.helpers import italian, italian_html, redirected_to_login
from ponte.network.models import Membership, Organisation, Role
from ponte.pathways import services
from ponte.pathways.models import Assessment, Consent, Person, Placement
from ponte.pathways.services.assessments import ScoreInput
from ponte.pathways.tests.people_helpers import access_entries, assess, company_service, items

pytestmark = pytest.mark.time_machine(datetime(2027, 3, 15, 10, tzinfo=UTC))

Status = Placement.Status
START = date(2027, 2, 1)


def person_url(person: Person) -> str:
    return f"/percorsi/{person.code}/"


def placement_url(placement: Placement) -> str:
    return f"/percorsi/inserimenti/{placement.code}/"


def assessment_url(assessment: Assessment) -> str:
    return f"/percorsi/valutazioni/{assessment.code}/"


@pytest.fixture
def intern(make_person, worker_a) -> Person:
    """Mario Rossi: psychiatric treatment, a diary note, the *companies* consent, an assessment
    by his case worker with notes of hers."""
    person = make_person(
        first_name="Mario",
        last_name="Rossi",
        birth_place="Cavalese",
        fiscal_code="RSSMRA90E17C372X",
        phone="0462 555111",
        basis=Person.Basis.PSYCHIATRIC,
        invalidity_percent=46,
        skills="Lavaggio stoviglie, riordino magazzino",
    )
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.COMPANIES,
        given_on=date(2027, 1, 10),
        document_reference="Prot. 77/2027",
        by=worker_a,
    )
    assess(person, worker_a, score=3, on=date(2027, 1, 20), notes="Nota riservata dell'operatore.")
    services.diary_write(person=person, by=worker_a, text="Colloquio riservato con la madre.")
    return person


def _evaluation(placement: Placement, by, notes: str) -> Assessment:
    return services.assessment_record(
        person=placement.person,
        by=by,
        assessed_on=date(2027, 3, 1),
        setting=Assessment.Setting.COMPANY,
        scores={item.pk: ScoreInput(score=4) for item in items()},
        kind=Assessment.Kind.MIDTERM,
        placement=placement,
        notes=notes,
    )


@pytest.fixture
def internship(intern, worker_a, org_a, tutor, company, municipalities) -> Placement:
    """An active internship of the intern hosted by the company of `tutor`."""
    placement = services.placement_propose(
        person=intern,
        service=company_service(company, municipalities),
        by=worker_a,
        planned_start=START,
        planned_end=date(2027, 6, 30),
        hours_per_week=15,
        promoter=org_a,
        tutor=tutor,
    )
    for step in (Status.ACCEPTED, Status.ACTIVE):
        placement = services.placement_transition(
            placement=placement, to=step, by=worker_a, on=START
        )
    return placement


@pytest.fixture
def evaluations(internship, tutor, worker_a) -> tuple[Assessment, Assessment]:
    """The tutor's own evaluation and one made on the same placement by the case worker."""
    return (
        _evaluation(internship, tutor, "Valutazione del tutor aziendale."),
        _evaluation(internship, worker_a, "Osservazione dell'operatore in azienda."),
    )


def _secrets(person: Person) -> tuple[str, ...]:
    return (
        "Colloquio riservato",
        "Nota riservata",
        "Osservazione dell",
        "Prot. 77/2027",
        "46%",
        "Disoccupato da due anni",
        "Comunità di Valle",
        italian_html(str(Person.Basis.PSYCHIATRIC.label)),
        f"/percorsi/{person.code}/diario/",
        f"/percorsi/{person.code}/piano/",
        f"/percorsi/{person.code}/dati/",
    )


def _agreement_data(html: str) -> bool:
    return all(text in html for text in ("Mario", "Rossi", "RSSMRA90E17C372X", "1990", "Cavalese"))


# From the acceptance ----------------------------------------------------------------------------


def test_the_host_sees_the_agreement_data_and_the_profile_never_the_basis_or_the_diary(
    client, tutor, intern, internship, evaluations
):
    client.force_login(tutor)
    response = client.get(person_url(intern))
    assert response.status_code == 200
    html = response.content.decode()
    assert _agreement_data(html)
    assert "0462 555111" in html
    # With the companies consent, while the placement is under way: the functional profile.
    assert "Lavaggio stoviglie" in html
    assert items()[0].text in html
    assert placement_url(internship) in html
    for secret in _secrets(intern):
        assert secret not in html, secret
    # Reading the identity is recorded.
    assert access_entries(intern, tutor) == 1


def test_the_placement_page_names_the_intern_and_shows_only_the_hosts_evaluations(
    client, tutor, intern, internship, evaluations
):
    own, others = evaluations
    client.force_login(tutor)
    html = client.get(placement_url(internship)).content.decode()
    assert _agreement_data(html)
    assert "0462 555111" in html
    assert assessment_url(own) in html
    assert assessment_url(others) not in html
    assert "Delvai" not in html  # the case worker's evaluation is not listed
    for secret in _secrets(intern):
        assert secret not in html, secret
    # The tutor reads their own evaluation, never one made by others.
    assert client.get(assessment_url(own)).status_code == 200
    assert client.get(assessment_url(others)).status_code == 404
    first_assessment = intern.assessments.get(kind=Assessment.Kind.ASSESSMENT)
    assert client.get(assessment_url(first_assessment)).status_code == 404


def test_the_pages_about_the_pathway_stay_closed_to_the_host(client, tutor, intern, internship):
    client.force_login(tutor)
    for page in ("diario/", "cronologia/", "piano/", "modifica/"):
        assert client.get(person_url(intern) + page).status_code == 404, page
    # The rights pages are for other roles altogether.
    for page in ("dati/", "dati/esporta.json", "dati/esporta.pdf"):
        assert client.get(person_url(intern) + page).status_code == 403, page


# Consent withdrawn ------------------------------------------------------------------------------


def test_withdrawing_the_companies_consent_hides_profile_and_scores_but_not_the_agreement(
    client, tutor, worker_a, intern, internship, evaluations
):
    services.consents_withdraw(person=intern, purpose=Consent.Purpose.COMPANIES, by=worker_a)
    client.force_login(tutor)
    response = client.get(person_url(intern))
    assert response.status_code == 200
    html = response.content.decode()
    assert _agreement_data(html)
    assert "0462 555111" in html
    assert "Lavaggio stoviglie" not in html
    assert items()[0].text not in html
    assert italian("Latest assessment of work functioning") not in html
    # The placement continues under its agreement, with the host's own evaluations.
    placement_html = client.get(placement_url(internship)).content.decode()
    assert _agreement_data(placement_html)
    assert assessment_url(evaluations[0]) in placement_html
    assert f'href="{person_url(intern)}"' not in placement_html


# After the end ----------------------------------------------------------------------------------


def test_after_the_placement_ends_the_host_keeps_its_record_and_receives_nothing_new(
    client, tutor, worker_a, intern, internship, evaluations
):
    services.placement_transition(
        placement=internship,
        to=Status.ENDED,
        by=worker_a,
        on=date(2027, 3, 10),
        outcome=Placement.Outcome.COMPLETED,
    )
    # Afterwards the case worker assesses again and updates the profile and the phone.
    assess(intern, worker_a, score=5, on=date(2027, 3, 14))
    Person.objects.filter(pk=intern.pk).update(skills="Cassa e vendita", phone="0462 999000")
    client.force_login(tutor)
    html = client.get(person_url(intern)).content.decode()
    assert "Mario" in html and "RSSMRA90E17C372X" in html
    assert placement_url(internship) in html
    for new in ("Cassa e vendita", "0462 999000", "Lavaggio stoviglie", items()[0].text):
        assert new not in html, new
    placement_html = client.get(placement_url(internship)).content.decode()
    assert assessment_url(evaluations[0]) in placement_html
    assert "0462 999000" not in placement_html
    # No follow-up of the person's later working life either.
    assert italian("Follow-ups") not in placement_html


# Who does not know the person -------------------------------------------------------------------


def test_a_tutor_of_another_organisation_does_not_find_the_person(
    client, make_organisation, make_user, intern, internship
):
    other = make_organisation("Segheria Omega", kind=Organisation.Kind.COMPANY)
    stranger = make_user("tutor.omega", other, Role.COMPANY_TUTOR)
    client.force_login(stranger)
    assert client.get(person_url(intern)).status_code == 404
    assert client.get(placement_url(internship)).status_code == 404


def test_a_tutor_whose_placement_is_only_proposed_does_not_find_the_person(
    client, tutor, worker_a, org_a, intern, company, municipalities
):
    placement = services.placement_propose(
        person=intern,
        service=company_service(company, municipalities),
        by=worker_a,
        planned_start=START,
        planned_end=date(2027, 6, 30),
        hours_per_week=15,
        promoter=org_a,
        tutor=None,
    )
    client.force_login(tutor)
    assert client.get(person_url(intern)).status_code == 404
    assert client.get(placement_url(placement)).status_code == 404


def test_a_tutor_whose_role_was_taken_away_does_not_find_the_person(
    client, tutor, intern, internship
):
    Membership.objects.filter(user=tutor).update(is_active=False)
    client.force_login(tutor)
    assert client.get(person_url(intern)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, intern, internship):
    for path in (person_url(intern), placement_url(internship)):
        assert redirected_to_login(client.get(path), path)
