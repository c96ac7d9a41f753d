"""Fixtures of the governance tests: the Tavolo Tecnico (worker_a, the referrer, a table member
of the referring body) and the Tavolo di Regia (the member contacts of A and B), a meeting of
each held yesterday, and people of worker_a's care team with or without the Tavolo consent."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from ponte.governance import services
from ponte.governance.models import Meeting, Table
from ponte.network.models import Role, User
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Consent, Person
from ponte.pathways.tests.conftest import (  # noqa: F401 - shared fixtures
    make_person,
    make_referral,
    other_person,
    person,
    referrer,
    referring_body,
    worker_a2,
    worker_b,
)
from ponte.projects.models import SubProject


def at(day: date, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def days_ago(days: int, hour: int = 15) -> datetime:
    return at(date.today() - timedelta(days=days), hour)


def consent_to_table(someone: Person, by: User, **fields: object) -> Consent:
    return pathway_services.consent_record(
        person=someone,
        purpose=Consent.Purpose.TABLE,
        given_on=fields.pop("given_on", date.today() - timedelta(days=5)),  # type: ignore[arg-type]
        document_reference="Prot. 77/2026",
        by=by,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def table_user(make_user, referring_body) -> User:  # noqa: F811
    return make_user(
        "tavolo.prova",
        referring_body,
        Role.TABLE_MEMBER,
        first_name="Francesca",
        last_name="Bernard",
    )


@pytest.fixture
def technical(worker_a, org_a, referrer, referring_body, table_user) -> Table:  # noqa: F811
    table = services.table_create(name="Tavolo Tecnico", kind=Table.Kind.TECHNICAL)
    services.table_member_add(table=table, user=worker_a, organisation=org_a)
    services.table_member_add(table=table, user=referrer, organisation=referring_body)
    services.table_member_add(table=table, user=table_user, organisation=referring_body)
    return table


@pytest.fixture
def steering(contact_a, contact_b, org_a, org_b) -> Table:
    table = services.table_create(name="Tavolo di Regia", kind=Table.Kind.STEERING)
    services.table_member_add(table=table, user=contact_a, organisation=org_a)
    services.table_member_add(table=table, user=contact_b, organisation=org_b)
    return table


@pytest.fixture
def meeting(technical, coordinator) -> Meeting:
    """A meeting of the Tavolo Tecnico, yesterday afternoon, still only scheduled."""
    return services.meeting_schedule(
        table=technical, starts_at=days_ago(1), place="Sala del Comun General", by=coordinator
    )


@pytest.fixture
def held(meeting) -> Meeting:
    return services.meeting_mark_held(meeting=meeting)


@pytest.fixture
def draft(held) -> Meeting:
    return services.minutes_save(meeting=held, text="Presenti tutti. Si discute del laboratorio.")


@pytest.fixture
def sub_project(org_a) -> SubProject:
    return SubProject.objects.create(
        title="Orti solidali",
        lead=org_a,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
