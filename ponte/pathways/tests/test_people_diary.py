"""The diary /percorsi/<code>/diario/: dated notes of the care team, read and written by the care
team only (everyone else, the referrer and a hosting tutor included, gets 404); every read is
recorded in the audit trail."""

from datetime import date

import pytest

from ponte.core.tests.helpers import redirected_to_login
from ponte.pathways import services
from ponte.pathways.models import DiaryNote, Placement
from ponte.pathways.tests.people_helpers import access_entries, company_service


def url(person) -> str:
    return f"/percorsi/{person.code}/diario/"


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(url(person)), url(person))
    response = client.post(url(person), {"written_on": "2025-01-01", "text": "x"})
    assert redirected_to_login(response, url(person))
    assert not DiaryNote.objects.exists()


def test_the_care_team_reads_the_notes_newest_first(client, worker_a, person):
    services.diary_write(person=person, by=worker_a, text="Prima nota", written_on=date(2025, 1, 5))
    services.diary_write(
        person=person, by=worker_a, text="Seconda nota", written_on=date(2025, 3, 1)
    )
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert html.index("Seconda nota") < html.index("Prima nota")


def test_reading_the_diary_is_recorded(client, worker_a, person):
    client.force_login(worker_a)
    client.get(url(person))
    assert access_entries(person, worker_a) == 1


def test_the_care_team_adds_a_note(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(url(person), {"written_on": "2025-02-03", "text": "Buon colloquio."})
    assert response.url == url(person)
    note = DiaryNote.objects.get()
    assert (note.person, note.author, note.written_on) == (person, worker_a, date(2025, 2, 3))
    assert note.text == "Buon colloquio."


@pytest.mark.parametrize(
    "data, field",
    [({"written_on": "2025-02-03", "text": "  "}, "text"), ({"text": "x"}, "written_on")],
)
def test_bad_input_saves_nothing(client, worker_a, person, data, field):
    client.force_login(worker_a)
    response = client.post(url(person), data)
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    assert not DiaryNote.objects.exists()


def test_the_referrer_gets_404(client, referrer, person):
    client.force_login(referrer)
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), {"written_on": "2025-02-03", "text": "x"}).status_code == 404
    assert not DiaryNote.objects.exists()
    assert access_entries(person, referrer) == 0


def test_a_hosting_tutor_gets_404(client, tutor, person, make_placement, company, municipalities):
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACTIVE,
    )
    client.force_login(tutor)
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize(
    "user", ["worker_a2", "worker_b", "contact_a", "coordinator", "staff_user"]
)
def test_everyone_else_gets_404(client, request, person, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404
