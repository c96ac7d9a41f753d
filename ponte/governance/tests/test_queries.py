"""The tables list, the meeting page and the register of decisions take a number of queries
that does not grow with the number of tables, members, items, cases, decisions or actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.governance import services
from ponte.governance.models import ActionItem, AgendaCase, AgendaItem, Decision, Table
from ponte.governance.tests.conftest import consent_to_table, days_ago

pytestmark = pytest.mark.django_db


def grow(meeting, coordinator, worker_a, people, size: int) -> None:
    """`size` more tables, agenda items (each with the people as cases), decisions and actions."""
    for n in range(size):
        table = services.table_create(name=f"Tavolo {n}", kind=Table.Kind.STEERING)
        table.memberships.create(
            user=coordinator, organisation=coordinator.memberships.get().organisation
        )
        services.meeting_schedule(table=table, starts_at=days_ago(n), place="X", by=coordinator)
        item = AgendaItem.objects.create(meeting=meeting, order=n + 10, title=f"Punto {n}")
        for someone in people:
            AgendaCase.objects.create(agenda_item=item, person=someone, added_by=worker_a)
        Decision.objects.create(meeting=meeting, agenda_item=item, text=f"Decisione {n}")
        ActionItem.objects.create(meeting=meeting, text=f"Azione {n}", owner=worker_a)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page", ["governance:tables", "governance:meeting", "governance:decisions"]
)
def test_query_count_does_not_grow_with_the_data(
    client, page, held, coordinator, worker_a, make_person, django_assert_max_num_queries
):
    people = [make_person(first_name=f"Persona{n}") for n in range(2)]
    for someone in people:
        consent_to_table(someone, worker_a)
    url = reverse(page, args=[held.code]) if page == "governance:meeting" else reverse(page)
    client.force_login(coordinator)
    grow(held, coordinator, worker_a, people, 2)
    small = count(client, url)
    grow(held, coordinator, worker_a, people, 15)
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
