"""The audit trail /registro/: the coordinator browses who changed or read what, and when;
nobody else can, and names never appear in it."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import redirected_to_login

URL = "/registro/"


@pytest.fixture
def changed_organisation(client, coordinator, org_a):
    """A change as auditlog records it."""
    entry = LogEntry.objects.log_create(
        org_a, action=LogEntry.Action.UPDATE, changes={"name": ["Vecchio", "Nuovo"]}, force_log=True
    )
    entry.actor = coordinator
    entry.save()
    return entry


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(URL), URL)


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "tutor", "nobody", "staff_user"])
def test_other_roles_are_refused(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403


def test_the_coordinator_sees_who_changed_what(client, coordinator, changed_organisation):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert changed_organisation.object_repr in html
    assert coordinator.username in html
    assert "name" in html


def test_the_trail_is_filtered_by_user_action_and_record(client, coordinator, changed_organisation):
    client.force_login(coordinator)
    assert client.get(URL, {"user": coordinator.username}).context["page"].paginator.count == 1
    assert client.get(URL, {"user": "qualcun.altro"}).context["page"].paginator.count == 0
    assert client.get(URL, {"action": "3"}).context["page"].paginator.count == 0
    assert client.get(URL, {"record": "Alfa"}).context["page"].paginator.count == 1


def test_bad_filters_do_not_fail_the_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL, {"action": "9", "since": "ieri"}).status_code == 200


def test_the_page_makes_the_same_queries_whatever_the_size_of_the_trail(client, coordinator, org_a):
    client.force_login(coordinator)
    for n in range(3):
        LogEntry.objects.log_create(org_a, action=1, changes={"n": [n, n + 1]}, force_log=True)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(30):
        LogEntry.objects.log_create(org_a, action=1, changes={"n": [n, n + 1]}, force_log=True)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
