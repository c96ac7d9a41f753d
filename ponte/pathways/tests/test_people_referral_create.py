"""Referring a person /percorsi/segnalazioni/nuova/: a referrer sends a person to a social
cooperative of the district; a case worker records a referral received on paper (from another
organisation, to their own). Bad input saves nothing."""

import re

import pytest

from ponte.core.tests.helpers import (
    CAVALESE,
    italian,
    messages_of,
    page_text,
    redirected_to_login,
)
from ponte.network.models import Organisation
from ponte.pathways import services
from ponte.pathways.models import Person, Referral

URL = "/percorsi/segnalazioni/nuova/"


@pytest.fixture
def data(municipalities):
    def make(**changes):
        values = {
            "service_kind": Referral.ServiceKind.MENTAL_HEALTH,
            "reason": "Chiede di riprendere un'attività lavorativa.",
            "first_name": "Lucia",
            "last_name": "Verdi",
            "birth_date": "1985-03-02",
            "fiscal_code": "",
            "municipality": municipalities[CAVALESE].pk,
            "basis": Person.Basis.LAW68_INVALIDITY,
            "invalidity_percent": "67",
            "languages": "italiano, tedesco",
            "driving_licence": "on",
            "hours_per_week": "20",
            "available_days": ["0", "1", "3"],
            "skills": "Giardinaggio",
            "interests": "Lavoro all'aperto",
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v is not None}

    return make


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(URL), URL)


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "tutor", "nobody"])
def test_other_roles_are_refused(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403


def test_the_referrer_chooses_among_the_social_cooperatives(
    client, referrer, org_a, org_b, company
):
    client.force_login(referrer)
    response = client.get(URL)
    assert response.status_code == 200
    choices = response.context["form"].fields["to_organisation"].queryset
    assert set(choices) == {org_a, org_b}
    assert "from_organisation" not in response.context["form"].fields


def test_the_referrer_refers_a_person(client, referrer, referring_body, org_a, data):
    client.force_login(referrer)
    response = client.post(URL, data(to_organisation=org_a.pk))
    person = Person.objects.get(last_name="Verdi")
    assert response.status_code == 302
    assert response.url == f"/percorsi/{person.code}/"
    assert person.status == Person.Status.REFERRED
    assert person.organisation == org_a
    assert person.available_days == [0, 1, 3]
    assert person.invalidity_percent == 67
    assert person.driving_licence and not person.own_transport
    referral = person.referrals.get()
    assert referral.from_organisation == referring_body
    assert referral.referred_by == referrer
    assert referral.service_kind == Referral.ServiceKind.MENTAL_HEALTH
    assert messages_of(response)[0][0] == "success"


def test_the_referrer_then_sees_the_person(client, referrer, org_a, data):
    client.force_login(referrer)
    response = client.post(URL, data(to_organisation=org_a.pk), follow=True)
    assert response.status_code == 200
    assert "Verdi" in response.content.decode()


def test_a_case_worker_records_a_referral_to_their_own_organisation(
    client, worker_a, referring_body, org_a, data
):
    client.force_login(worker_a)
    form = client.get(URL).context["form"]
    assert "to_organisation" not in form.fields
    assert org_a not in form.fields["from_organisation"].queryset
    response = client.post(URL, data(from_organisation=referring_body.pk))
    referral = Referral.objects.get()
    assert response.url == f"/percorsi/segnalazioni/{referral.code}/"
    assert referral.person.organisation == org_a
    assert referral.from_organisation == referring_body
    assert referral.referred_by == worker_a


def test_a_company_cannot_receive_a_referral(client, referrer, company, data):
    client.force_login(referrer)
    response = client.post(URL, data(to_organisation=company.pk))
    assert response.status_code == 200
    assert response.context["form"].has_error("to_organisation")
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"last_name": ""}, "last_name"),
        ({"reason": ""}, "reason"),
        ({"invalidity_percent": "120"}, "invalidity_percent"),
        ({"available_days": ["7"]}, "available_days"),
        ({"fiscal_code": "RSSMRA90E17C372K"}, "fiscal_code"),
        ({"hours_per_week": "90"}, "hours_per_week"),
    ],
)
def test_bad_input_saves_nothing(client, referrer, org_a, data, changes, field):
    client.force_login(referrer)
    response = client.post(URL, data(to_organisation=org_a.pk, **changes))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert italian("Please correct the errors below: nothing has been saved yet.") in (
        response.content.decode()
    )
    assert not Person.objects.exists()
    assert not Referral.objects.exists()


def test_the_fiscal_code_is_normalised(client, referrer, org_a, data):
    client.force_login(referrer)
    client.post(URL, data(to_organisation=org_a.pk, fiscal_code="rssmra 90e17 c372x"))
    assert Person.objects.get().fiscal_code == "RSSMRA90E17C372X"


def test_an_inactive_cooperative_is_not_offered(client, referrer, org_a, org_b):
    Organisation.objects.filter(pk=org_b.pk).update(is_active=False)
    client.force_login(referrer)
    assert set(client.get(URL).context["form"].fields["to_organisation"].queryset) == {org_a}


# The referrer learns nothing about who is known (issue 15, item 8) ------------------------------

KNOWN_CF = "VRDLCU85C42C372Z"
UNKNOWN_CF = "VRDLCU85C42H501Y"


def _comparable(html: str, *secrets: str) -> str:
    for secret in secrets:
        html = html.replace(secret, "•")
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def test_the_referrer_gets_the_same_answer_whether_or_not_the_person_is_known(
    client, referrer, worker_a, org_a, make_organisation, data
):
    # Organisation A already knows the person with KNOWN_CF, referred by another service.
    other_body = make_organisation("Servizio dipendenze", kind=Organisation.Kind.PUBLIC_BODY)
    known = services.referral_create(
        by=worker_a,
        from_organisation=other_body,
        to_organisation=org_a,
        service_kind=Referral.ServiceKind.ADDICTION,
        reason="Segnalata dal servizio dipendenze.",
        person_fields={
            "first_name": "Lucia",
            "last_name": "Verdi",
            "fiscal_code": KNOWN_CF,
            "basis": Person.Basis.UNCERTIFIED,
            "municipality": org_a.municipality,
        },
    ).person
    client.force_login(referrer)
    answers = []
    for fiscal_code in (KNOWN_CF, UNKNOWN_CF):
        response = client.post(URL, data(to_organisation=org_a.pk, fiscal_code=fiscal_code))
        person = Person.objects.exclude(pk=known.pk).get(fiscal_code=fiscal_code)
        page = client.get(response.url)
        answers.append(
            (
                response.status_code,
                response.url.replace(person.code, "•"),
                [(level, text.replace(person.code, "•")) for level, text in messages_of(response)],
                page.status_code,
                _comparable(page.content.decode(), person.code, fiscal_code),
            )
        )
    assert "Verdi" in answers[0][4]
    assert answers[0] == answers[1]
    # Nowhere does the referrer meet the known person's code or the other service.
    caseload = page_text(client.get("/percorsi/"))
    assert known.code not in caseload
    assert known.code not in answers[0][4]
    assert "Servizio dipendenze" not in answers[0][4]
