"""The person's page /percorsi/<code>/: the care team sees identity, consents, plan, assessments,
chart and placements; the referring service sees identity but not the diary; a company tutor
hosting the person sees what the internship agreement names; everyone else gets 404. Every read of
identity is recorded in the audit trail."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import italian_html, redirected_to_login
from ponte.network.models import Role
from ponte.pathways import services
from ponte.pathways.models import Consent, Person, Placement
from ponte.pathways.tests.people_helpers import access_entries, assess, company_service


def url(person) -> str:
    return f"/percorsi/{person.code}/"


@pytest.fixture
def hosted(make_placement, person, company, municipalities):
    """The person in an accepted internship hosted by the company of `tutor`."""
    return make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACCEPTED,
    )


@pytest.fixture
def rich_person(person, worker_a):
    person.fiscal_code = "RSSMRA90E17C372X"
    person.phone = "0462 555111"
    person.invalidity_percent = 46
    person.basis = Person.Basis.PSYCHIATRIC
    person.skills = "Lavaggio stoviglie, riordino magazzino"
    person.available_days = [0, 2, 4]
    person.save()
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.PATHWAY,
        given_on=date.today() - timedelta(days=40),
        document_reference="Prot. 123/2025",
        by=worker_a,
    )
    assess(person, worker_a, score=3, on=date.today() - timedelta(days=100))
    assess(person, worker_a, score=4, on=date.today() - timedelta(days=10))
    services.diary_write(person=person, by=worker_a, text="Colloquio riservato con la madre.")
    return person


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    response = client.get(url(person))
    assert redirected_to_login(response, url(person))


def test_the_care_team_sees_identity_consents_assessments_and_chart(client, worker_a, rich_person):
    client.force_login(worker_a)
    response = client.get(url(rich_person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mario" in html and "Rossi" in html
    assert "RSSMRA90E17C372X" in html
    assert "0462 555111" in html
    assert italian_html(str(Person.Basis.PSYCHIATRIC.label)) in html
    assert "Prot. 123/2025" in html
    assert "<svg xmlns" in html
    assert "<caption>" in html
    assert f"/percorsi/{rich_person.code}/diario/" in html
    assert f"/percorsi/{rich_person.code}/modifica/" in html


def test_reading_identity_is_recorded_in_the_audit_trail(client, worker_a, person):
    client.force_login(worker_a)
    assert access_entries(person, worker_a) == 0
    client.get(url(person))
    assert access_entries(person, worker_a) == 1


def test_the_referrer_sees_identity_but_not_the_diary(client, referrer, rich_person):
    client.force_login(referrer)
    response = client.get(url(rich_person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rossi" in html
    assert "/diario/" not in html
    assert "Colloquio riservato" not in html
    assert "/modifica/" not in html
    assert access_entries(rich_person, referrer) == 1


def test_the_company_tutor_sees_the_agreement_data_never_the_basis_or_the_diary(
    client, tutor, rich_person, hosted
):
    """Without the companies consent: no functional profile either (test_people_host_view.py
    covers the host's page in full)."""
    client.force_login(tutor)
    response = client.get(url(rich_person))
    assert response.status_code == 200
    html = response.content.decode()
    assert rich_person.code in html
    for agreed in ("Mario", "Rossi", "RSSMRA90E17C372X", "0462 555111"):
        assert agreed in html, agreed
    for secret in (
        "Lavaggio stoviglie",
        "Puntualità e rispetto delle pause",
        "Colloquio riservato",
        "Prot. 123/2025",
        "46%",
        italian_html(str(Person.Basis.PSYCHIATRIC.label)),
        str(Person.Basis.PSYCHIATRIC.label),
        "/diario/",
    ):
        assert secret not in html, secret
    assert access_entries(rich_person, tutor) == 1


def test_a_tutor_of_a_proposed_placement_does_not_know_the_person(
    client, tutor, person, make_placement, company, municipalities
):
    make_placement(person, service=company_service(company, municipalities))
    client.force_login(tutor)
    assert client.get(url(person)).status_code == 404


def test_a_case_worker_of_another_organisation_gets_404(client, worker_b, person):
    client.force_login(worker_b)
    assert client.get(url(person)).status_code == 404
    assert access_entries(person, worker_b) == 0


def test_a_colleague_outside_the_care_team_gets_404(client, worker_a2, person):
    client.force_login(worker_a2)
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "nobody", "staff_user"])
def test_other_roles_get_404(client, request, person, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404


def test_an_unknown_code_gets_404(client, worker_a, person):
    client.force_login(worker_a)
    assert client.get("/percorsi/FF-ZZZZ/").status_code == 404


def test_the_receiving_case_worker_sees_a_referral_to_decide(client, worker_a2, make_referral):
    referral = make_referral(first_name="Lucia", last_name="Verdi")
    client.force_login(worker_a2)
    response = client.get(url(referral.person))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verdi" in html
    assert f"/percorsi/segnalazioni/{referral.code}/" in html


def test_consents_show_valid_expired_and_withdrawn(client, worker_a, person):
    today = date.today()
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.TABLE,
        given_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=35),
        document_reference="Scaduto-1",
        by=worker_a,
    )
    withdrawn = services.consent_record(
        person=person,
        purpose=Consent.Purpose.COMPANIES,
        given_on=today - timedelta(days=20),
        document_reference="Ritirato-1",
        by=worker_a,
    )
    services.consent_withdraw(consent=withdrawn, by=worker_a, on=today - timedelta(days=2))
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert "Scaduto-1" in html and "Ritirato-1" in html
    assert (today - timedelta(days=2)).strftime("%d/%m/%Y") in html


def test_current_and_past_placements_link_to_their_pages(client, worker_a, person, make_placement):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert f"/percorsi/inserimenti/{placement.code}/" in html
    assert "Laboratorio di cucina" in html


def test_a_referrer_of_another_organisation_gets_404(client, make_user, make_organisation, person):
    other = make_organisation("Servizio sociale Fassa", kind="public_body")
    client.force_login(make_user("altro.inviante", other, Role.REFERRER))
    assert client.get(url(person)).status_code == 404
