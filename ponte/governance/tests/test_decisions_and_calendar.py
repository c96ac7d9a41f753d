"""The register of decisions (search by words, filter by table and sub-project) and the
calendar feed behind a secret, revocable address."""

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from ponte.governance import services
from ponte.governance.models import ActionItem
from ponte.governance.tests.conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(held, steering, coordinator, sub_project):
    other = services.meeting_mark_held(
        meeting=services.meeting_schedule(
            table=steering, starts_at=days_ago(2), place="Cavalese", by=coordinator
        )
    )
    return [
        services.decision_add(meeting=held, text="Si apre il laboratorio di cucina"),
        services.decision_add(
            meeting=held, text="Si rinnova la convenzione con il Comune", sub_project=sub_project
        ),
        services.decision_add(meeting=other, text="Si approva il bilancio del laboratorio"),
    ]


def register(client, **params):
    return list(client.get(reverse("governance:decisions"), params).context["page"].object_list)


def test_the_register_searches_by_words_among_the_users_tables(client, worker_a, decisions):
    client.force_login(worker_a)
    assert register(client) == decisions[:2]
    assert register(client, q="laboratorio") == [decisions[0]]
    assert register(client, q="convenzione comune") == [decisions[1]]
    assert register(client, q="bilancio") == []


def test_the_coordinator_filters_the_register_by_table_and_sub_project(
    client, coordinator, decisions, sub_project, steering
):
    client.force_login(coordinator)
    assert register(client, q="laboratorio") == [decisions[0], decisions[2]]
    assert register(client, tavolo=steering.code) == [decisions[2]]
    assert register(client, sottoprogetto=sub_project.code) == [decisions[1]]
    assert register(client, q="orti") == [decisions[1]]


def feed(client, token: str):
    return client.get(reverse("governance:calendar_feed", args=[token]))


def test_the_calendar_has_the_users_meetings_and_open_actions(
    client, worker_a, held, steering, coordinator
):
    services.meeting_schedule(table=steering, starts_at=days_ago(-5), place="X", by=coordinator)
    services.action_add(
        meeting=held, text="Chiamare il Comune", owner=worker_a, due_on=date.today()
    )
    done = services.action_add(meeting=held, text="Già fatto", owner=worker_a)
    services.action_set_status(action=done, status=ActionItem.Status.DONE)
    client.force_login(worker_a)
    page = client.get(reverse("governance:calendar"))
    token = worker_a.calendar_token.token
    assert token in page.context["feed_url"]
    client.logout()
    response = feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    todos = calendar.walk("VTODO")
    assert [str(e["summary"]) for e in events] == [held.table.name]
    assert events[0].decoded("dtstart") == held.starts_at
    assert [str(t["summary"]) for t in todos] == ["Chiamare il Comune"]
    assert todos[0].decoded("due") == date.today()


def test_a_new_calendar_address_revokes_the_old_one(client, worker_a, held):
    client.force_login(worker_a)
    client.get(reverse("governance:calendar"))
    old = worker_a.calendar_token.token
    client.post(reverse("governance:calendar"))
    worker_a.calendar_token.refresh_from_db()
    new = worker_a.calendar_token.token
    assert new != old
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    assert feed(client, "NOTATOKEN").status_code == 404


def test_the_calendar_of_a_deactivated_user_is_gone(client, worker_a, held):
    token = services.calendar_token_of(worker_a).token
    worker_a.is_active = False
    worker_a.save()
    assert feed(client, token).status_code == 404
