"""Consents /percorsi/<code>/consensi/nuovo/ and /consensi/<purpose>/ritira/: the care team
records a consent per purpose and withdraws it; withdrawal takes effect at once. Bad input saves
nothing; nobody else may record or withdraw."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.pathways import services
from ponte.pathways.models import Consent
from ponte.pathways.selectors.consents import has_consent

TODAY = date.today()


def create_url(person) -> str:
    return f"/percorsi/{person.code}/consensi/nuovo/"


def withdraw_url(person, purpose=Consent.Purpose.COMPANIES) -> str:
    return f"/percorsi/{person.code}/consensi/{purpose}/ritira/"


def data(**changes):
    values = {
        "purpose": Consent.Purpose.COMPANIES,
        "given_on": (TODAY - timedelta(days=1)).isoformat(),
        "expires_on": (TODAY + timedelta(days=365)).isoformat(),
        "document_reference": "Prot. 45/2025",
    }
    values.update(changes)
    return values


@pytest.fixture
def consent(person, worker_a):
    return services.consent_record(
        person=person,
        purpose=Consent.Purpose.COMPANIES,
        given_on=TODAY - timedelta(days=30),
        document_reference="Prot. 1",
        by=worker_a,
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(create_url(person)), create_url(person))
    assert redirected_to_login(client.post(withdraw_url(person)), withdraw_url(person))


def test_the_care_team_records_a_consent(client, worker_a, person):
    client.force_login(worker_a)
    assert client.get(create_url(person)).status_code == 200
    response = client.post(create_url(person), data())
    assert response.url == f"/percorsi/{person.code}/"
    consent = Consent.objects.get()
    assert consent.recorded_by == worker_a
    assert consent.document_reference == "Prot. 45/2025"
    assert consent.expires_on == TODAY + timedelta(days=365)
    assert has_consent(person, Consent.Purpose.COMPANIES)


def test_an_expiry_before_the_date_given_is_refused(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(
        create_url(person), data(expires_on=(TODAY - timedelta(days=5)).isoformat())
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("expires_on")
    assert italian_html("The expiry must come after the date given.") in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"purpose": "marketing"}, "purpose"),
        ({"given_on": ""}, "given_on"),
        ({"document_reference": ""}, "document_reference"),
        ({"expires_on": "31/02/2025"}, "expires_on"),
    ],
)
def test_bad_input_saves_nothing(client, worker_a, person, changes, field):
    client.force_login(worker_a)
    response = client.post(create_url(person), data(**changes))
    assert response.context["form"].has_error(field)
    assert not Consent.objects.exists()


def test_withdrawal_takes_effect_at_once(client, worker_a, person, consent):
    assert has_consent(person, Consent.Purpose.COMPANIES)
    client.force_login(worker_a)
    response = client.post(withdraw_url(person))
    assert response.url == f"/percorsi/{person.code}/"
    assert messages_of(response)[0][0] == "success"
    assert not has_consent(person, Consent.Purpose.COMPANIES)
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


def test_withdrawal_leaves_the_other_purposes(client, worker_a, person, consent):
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.TABLE,
        given_on=TODAY - timedelta(days=3),
        document_reference="Prot. 2",
        by=worker_a,
    )
    client.force_login(worker_a)
    client.post(withdraw_url(person))
    assert has_consent(person, Consent.Purpose.TABLE)


def test_withdrawing_what_is_not_in_force_says_so(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(withdraw_url(person))
    assert messages_of(response) == [
        ("error", italian("There is no consent in force for this purpose."))
    ]


def test_withdrawing_answers_only_post(client, worker_a, person, consent):
    client.force_login(worker_a)
    assert client.get(withdraw_url(person)).status_code == 405
    assert has_consent(person, Consent.Purpose.COMPANIES)


def test_an_unknown_purpose_gets_404(client, worker_a, person):
    client.force_login(worker_a)
    assert client.post(withdraw_url(person, "marketing")).status_code == 404


def test_the_referrer_gets_403(client, referrer, person, consent):
    client.force_login(referrer)
    assert client.get(create_url(person)).status_code == 403
    assert client.post(create_url(person), data()).status_code == 403
    assert client.post(withdraw_url(person)).status_code == 403
    assert has_consent(person, Consent.Purpose.COMPANIES)
    assert Consent.objects.count() == 1


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator", "tutor"])
def test_everyone_else_gets_404(client, request, person, consent, user):
    client.force_login(request.getfixturevalue(user))
    assert client.post(create_url(person), data()).status_code == 404
    assert client.post(withdraw_url(person)).status_code == 404
    assert has_consent(person, Consent.Purpose.COMPANIES)
