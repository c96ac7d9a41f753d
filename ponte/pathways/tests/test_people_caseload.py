"""The caseload /percorsi/: a case worker sees the people whose care team they are in, with what
is due, and the referrals awaiting a decision; a referrer sees the people their organisation
referred. Search by code for everyone, by name only in one's own care team. The number of queries
does not grow with the number of people."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import redirected_to_login
from ponte.network.models import Role
from ponte.pathways import services
from ponte.pathways.models import Consent, Placement
from ponte.pathways.tests.people_helpers import access_entries

URL = "/percorsi/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(URL), URL)


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "tutor", "nobody"])
def test_other_roles_are_refused(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403


def test_the_case_worker_sees_their_people_with_name_level_and_placement(
    client, worker_a, person, other_person, make_placement
):
    make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(worker_a)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert person.code in html and other_person.code in html
    assert "Rossi Mario" in html and "Bianchi Giulia" in html
    assert "Laboratorio di cucina" in html
    assert str(person.level) in html


def test_the_names_shown_are_recorded_as_reads(client, worker_a, person, other_person):
    client.force_login(worker_a)
    client.get(URL)
    assert access_entries(person, worker_a) == 1
    assert access_entries(other_person, worker_a) == 1


def test_people_of_other_care_teams_are_not_listed(client, worker_a2, worker_b, person):
    for user in (worker_a2, worker_b):
        client.force_login(user)
        html = client.get(URL).content.decode()
        assert person.code not in html
        assert "Rossi" not in html


def test_an_added_colleague_sees_the_person(client, worker_a2, person):
    services.care_team_add(person=person, user=worker_a2)
    client.force_login(worker_a2)
    assert person.code in client.get(URL).content.decode()


def test_what_is_due_is_shown(client, worker_a, person, other_person, make_placement):
    today = date.today()
    services.plan_write(
        person=person,
        by=worker_a,
        objectives="",
        goals=[("Arrivare puntuale", None)],
        next_review=today + timedelta(days=10),
    )
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.COMPANIES,
        given_on=today - timedelta(days=300),
        expires_on=today + timedelta(days=20),
        document_reference="P-1",
        by=worker_a,
    )
    make_placement(
        person,
        status=Placement.Status.ACTIVE,
        planned_start=today - timedelta(days=100),
        planned_end=today + timedelta(days=5),
    )
    ended = make_placement(
        other_person,
        status=Placement.Status.ACTIVE,
        planned_start=today - timedelta(days=200),
        planned_end=today - timedelta(days=50),
    )
    services.placement_transition(
        placement=ended,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=today - timedelta(days=70),
        outcome=Placement.Outcome.COMPLETED,
    )
    client.force_login(worker_a)
    response = client.get(URL)
    people = {p.code: p for p in response.context["page"].object_list}
    assert people[person.code].review_due
    assert people[person.code].consents_expiring == 1
    assert people[person.code].placements_ending == 1
    assert people[person.code].follow_ups_due == 0
    # The 1-month follow-up is overdue, the 3-month one due within 30 days.
    assert people[other_person.code].follow_ups_due == 2
    assert people[other_person.code].consents_expiring == 0
    assert people[other_person.code].placements_ending == 0


def test_the_referrals_awaiting_a_decision_are_listed(client, worker_a2, make_referral):
    referral = make_referral(first_name="Lucia", last_name="Verdi")
    client.force_login(worker_a2)
    html = client.get(URL).content.decode()
    assert f"/percorsi/segnalazioni/{referral.code}/" in html
    assert referral.person.code in html


def test_referrals_to_another_organisation_are_not_listed(client, worker_b, make_referral):
    referral = make_referral()
    client.force_login(worker_b)
    assert referral.code not in client.get(URL).content.decode()


def test_the_case_worker_searches_by_name_and_by_code(client, worker_a, person, other_person):
    client.force_login(worker_a)
    page = client.get(URL, {"q": "bianchi"}).context["page"]
    assert [p.code for p in page.object_list] == [other_person.code]
    page = client.get(URL, {"q": person.code.lower()}).context["page"]
    assert [p.code for p in page.object_list] == [person.code]
    page = client.get(URL, {"q": "Giulia Bianchi"}).context["page"]
    assert [p.code for p in page.object_list] == [other_person.code]


def test_the_referrer_sees_the_people_referred_without_names(
    client, referrer, person, make_referral, make_placement
):
    pending = make_referral(first_name="Lucia", last_name="Verdi")
    make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(referrer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert person.code in html and pending.person.code in html
    assert "Rossi" not in html and "Verdi" not in html
    assert "Laboratorio di cucina" in html
    people = {p.code: p for p in response.context["page"].object_list}
    assert people[person.code].referral_status == "accepted"
    assert people[pending.person.code].referral_status == "received"
    assert "/diario/" not in html


def test_the_referrer_searches_by_code_only(client, referrer, person, other_person):
    client.force_login(referrer)
    assert list(client.get(URL, {"q": "Rossi"}).context["page"].object_list) == []
    page = client.get(URL, {"q": person.code}).context["page"]
    assert [p.code for p in page.object_list] == [person.code]


def test_a_referrer_of_another_organisation_sees_nobody(
    client, make_user, make_organisation, person
):
    other = make_organisation("Servizio sociale Fassa", kind="public_body")
    client.force_login(make_user("altro.inviante", other, Role.REFERRER))
    assert person.code not in client.get(URL).content.decode()


def test_the_list_is_paginated(client, worker_a, make_person, monkeypatch):
    monkeypatch.setattr("ponte.pathways.views.people.CASELOAD_PAGE_SIZE", 2)
    for n in range(3):
        make_person(first_name=f"Nome{n}")
    client.force_login(worker_a)
    page = client.get(URL).context["page"]
    assert page.paginator.num_pages == 2
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 1


def populate(count, *, make_person, make_placement, worker_a, make_referral, service):
    """`count` people with an active placement, a consent and a plan each, and as many
    referrals awaiting a decision."""
    today = date.today()
    for n in range(count):
        person = make_person(first_name=f"Persona{n}")
        services.consent_record(
            person=person,
            purpose=Consent.Purpose.PATHWAY,
            given_on=today - timedelta(days=10),
            expires_on=today + timedelta(days=10),
            document_reference=f"D-{n}",
            by=worker_a,
        )
        services.plan_write(person=person, by=worker_a, objectives="", goals=[("Obiettivo", None)])
        make_placement(person, status=Placement.Status.ACTIVE, service=service)
        make_referral(first_name=f"Segnalata{n}")


@pytest.mark.parametrize("role", ["worker", "referrer"])
def test_the_number_of_queries_does_not_grow_with_the_people(
    client,
    worker_a,
    referrer,
    make_person,
    make_placement,
    make_referral,
    service,
    role,
):
    service.places = 50
    service.save()
    user = worker_a if role == "worker" else referrer
    fixtures = {
        "service": service,
        "make_person": make_person,
        "make_placement": make_placement,
        "worker_a": worker_a,
        "make_referral": make_referral,
    }
    populate(3, **fixtures)
    client.force_login(user)
    client.get(URL)  # warm the content type cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    populate(12, **fixtures)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["page"].object_list) == (15 if role == "worker" else 25)
    assert len(many.captured_queries) == len(few.captured_queries)
