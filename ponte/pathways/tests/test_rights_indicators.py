"""Erasure by anonymisation keeps the pseudonymous facts: every indicator of the reports and every
computed indicator of the sub-projects is the same before and after erasing everyone in the demo
district (docs/privacy.md, "Rights and retention": the pseudonymous facts stay, so that no
indicator changes)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from ponte.network.models import Membership, Role, Valley
from ponte.pathways.models import Person, PrivacyRequest
from ponte.pathways.rights.services import person_erase
from ponte.projects.computations import COMPUTATIONS, compute
from ponte.projects.models import SubProject
from ponte.reports.indicators import Scope, compute_all

pytestmark = pytest.mark.django_db


def scopes() -> list[Scope]:
    today = date.today()
    long_ago = date(today.year - 6, 1, 1)
    valley = Valley.objects.order_by("pk").first()
    return [
        Scope(start=long_ago, end=today + timedelta(days=400)),
        Scope(start=date(today.year, 1, 1), end=date(today.year, 12, 31)),
        Scope(start=date(today.year - 1, 1, 1), end=date(today.year - 1, 12, 31)),
        Scope(start=long_ago, end=today, statistics_consent_only=True),
        Scope(start=long_ago, end=today, valley=valley),
        Scope(start=long_ago, end=today, subprojects=tuple(SubProject.objects.all()[:2])),
    ]


def everything() -> tuple[list, dict]:
    reports = [compute_all(scope) for scope in scopes()]
    today = date.today()
    projects = {
        (subproject.pk, key): compute(key, subproject, date(today.year - 6, 1, 1), today)
        for subproject in SubProject.objects.all()
        for key in COMPUTATIONS
    }
    return reports, projects


def test_erasing_everyone_changes_no_indicator():
    call_command("seed_demo", stdout=StringIO())
    coordinator = Membership.objects.filter(role=Role.COORDINATOR).first().user
    people = list(Person.objects.all())
    assert len(people) > 10
    assert SubProject.objects.exists()
    before = everything()
    assert any(
        any(row[1:] and any(cell for cell in row[1:]) for row in table.rows)
        for tables in before[0]
        for _indicator, table in tables
    ), "the demo district should give some non-zero indicator"
    for person in people:
        request = PrivacyRequest.objects.create(
            person=person,
            kind=PrivacyRequest.Kind.ERASURE,
            received_on=date.today(),
            channel=PrivacyRequest.Channel.LETTER,
            recorded_by=coordinator,
        )
        person_erase(privacy_request=request, by=coordinator)
    assert not Person.objects.filter(anonymised_on__isnull=True).exists()
    assert not Person.objects.exclude(first_name="").exists()
    after = everything()
    assert after[1] == before[1]
    for tables_before, tables_after in zip(before[0], after[0], strict=True):
        for (indicator, table_before), (_same, table_after) in zip(
            tables_before, tables_after, strict=True
        ):
            assert table_after == table_before, indicator.key
