"""Cases on the agenda of the Tavolo Tecnico: only with the consent to the discussion at the
table in force, put there by the coordinator or by a case worker of the person's care team who
sits at the table; the table knows them by code and functional profile only."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ponte.core.tests.helpers import italian, messages_of
from ponte.governance import services
from ponte.governance.models import AgendaCase, Meeting
from ponte.governance.tests.conftest import consent_to_table, days_ago
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Person

pytestmark = pytest.mark.django_db

REFUSED = (
    "%(code)s has no consent in force to the discussion at the Tavolo Tecnico: "
    "the case was not put on the agenda."
)


@pytest.fixture
def item(meeting):
    return services.agenda_item_add(meeting=meeting, title="Casi in discussione")


def add_case(client, item, code: str):
    return client.post(
        reverse("governance:case_add", args=[item.meeting.code, item.pk]), {"person_code": code}
    )


def test_a_case_worker_of_the_care_team_puts_a_consenting_person_on_the_agenda(
    client, worker_a, person, item
):
    consent_to_table(person, worker_a)
    client.force_login(worker_a)
    add_case(client, item, person.code)
    assert list(item.cases.all()) == [person]


@pytest.mark.parametrize("state", ["none", "expired", "withdrawn", "other purpose"])
def test_without_the_tavolo_consent_in_force_the_case_is_refused_and_nothing_saved(
    client, worker_a, person, item, state
):
    if state == "expired":
        consent_to_table(
            person,
            worker_a,
            given_on=date.today() - timedelta(days=400),
            expires_on=date.today() - timedelta(days=1),
        )
    elif state == "withdrawn":
        consent = consent_to_table(person, worker_a)
        pathway_services.consent_withdraw(consent=consent, by=worker_a)
    elif state == "other purpose":
        pathway_services.consent_record(
            person=person,
            purpose="companies",
            given_on=date.today() - timedelta(days=3),
            document_reference="Prot. 1",
            by=worker_a,
        )
    client.force_login(worker_a)
    response = add_case(client, item, person.code)
    assert ("error", italian(REFUSED) % {"code": person.code}) in messages_of(response)
    assert not AgendaCase.objects.exists()


def test_the_service_refuses_a_case_without_consent(worker_a, person, item):
    with pytest.raises(ValidationError, match="non ha un consenso in vigore"):
        services.agenda_case_add(item=item, person=person, by=worker_a)
    assert not AgendaCase.objects.exists()


def test_a_member_outside_the_care_team_cannot_put_the_person_on_the_agenda(
    client, referrer, table_user, worker_a, person, item
):
    consent_to_table(person, worker_a)
    for user in (referrer, table_user):
        client.force_login(user)
        add_case(client, item, person.code)
    assert not AgendaCase.objects.exists()


def test_a_case_worker_of_the_care_team_who_is_not_a_member_gets_404(
    client, worker_a, person, item, technical
):
    consent_to_table(person, worker_a)
    technical.memberships.filter(user=worker_a).delete()
    client.force_login(worker_a)
    assert add_case(client, item, person.code).status_code == 404
    assert not AgendaCase.objects.exists()


def test_the_coordinator_puts_a_consenting_person_on_the_agenda(
    client, coordinator, worker_a, person, item
):
    consent_to_table(person, worker_a)
    client.force_login(coordinator)
    add_case(client, item, person.code)
    assert list(item.cases.all()) == [person]


def test_cases_are_not_put_on_the_agenda_of_the_steering_table(
    worker_a, coordinator, person, steering
):
    consent_to_table(person, worker_a)
    meeting = services.meeting_schedule(
        table=steering, starts_at=days_ago(1), place="Cavalese", by=coordinator
    )
    item = services.agenda_item_add(meeting=meeting, title="Bilancio")
    with pytest.raises(ValidationError, match="Tavolo Tecnico"):
        services.agenda_case_add(item=item, person=person, by=coordinator)


def test_table_members_see_the_code_and_functional_profile_never_names_basis_or_diary(
    client, worker_a, table_user, person, item
):
    consent_to_table(person, worker_a)
    services.agenda_case_add(item=item, person=person, by=worker_a)
    pathway_services.diary_write(person=person, by=worker_a, text="Nota riservata del diario")
    Person.objects.filter(pk=person.pk).update(skills="cucina, magazzino")
    client.force_login(table_user)
    meeting_page = client.get(reverse("governance:meeting", args=[item.meeting.code]))
    case_page = client.get(reverse("governance:case", args=[item.meeting.code, person.code]))
    assert case_page.status_code == 200
    for page in (meeting_page, case_page):
        assert person.code in page.text
        assert "Mario" not in page.text and "Rossi" not in page.text
        assert person.get_basis_display() not in page.text
        assert "Nota riservata" not in page.text
    assert "cucina, magazzino" in case_page.text
    pdf_context = client.get(reverse("governance:minutes_pdf", args=[item.meeting.code]))
    assert pdf_context.status_code == 200


def test_a_person_not_on_the_agenda_has_no_case_page(client, table_user, person, meeting):
    client.force_login(table_user)
    url = reverse("governance:case", args=[meeting.code, person.code])
    assert client.get(url).status_code == 404


def test_cases_cannot_be_added_to_approved_minutes(worker_a, person, item, coordinator):
    consent_to_table(person, worker_a)
    meeting = services.meeting_mark_held(meeting=item.meeting)
    services.minutes_save(meeting=meeting, text="Verbale")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.APPROVED)
    item.meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="non si può più modificare"):
        services.agenda_case_add(item=item, person=person, by=worker_a)


def test_after_the_consent_is_withdrawn_the_table_no_longer_sees_the_profile(
    client, worker_a, table_user, person, item
):
    consent = consent_to_table(person, worker_a)
    services.agenda_case_add(item=item, person=person, by=worker_a)
    url = reverse("governance:case", args=[item.meeting.code, person.code])
    client.force_login(table_user)
    assert client.get(url).status_code == 200
    pathway_services.consent_withdraw(consent=consent, by=worker_a)
    assert client.get(url).status_code == 404
