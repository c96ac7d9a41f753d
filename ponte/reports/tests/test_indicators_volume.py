"""The indicators at volume: the shortcuts taken for speed (reading the ids of a few placements
first, reading the manual indicators of the sub-projects as plain rows) give the figures the
plain queries give, and the queries do not grow with the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE
from ponte.network.models import Valley
from ponte.projects import computations
from ponte.projects.computations import compute
from ponte.projects.models import Indicator as ProjectIndicator
from ponte.projects.models import IndicatorValue
from ponte.reports import indicators
from ponte.reports.indicators import Scope
from ponte.reports.tests.test_indicators_dataset import YEAR_END, YEAR_START, build_dataset


@pytest.fixture
def data(municipalities, org_a, org_b, company, worker_a):
    return build_dataset(
        municipalities=municipalities, org_a=org_a, org_b=org_b, company=company, user=worker_a
    )


@pytest.fixture
def fassa() -> Valley:
    return Valley.objects.exclude(municipalities__istat_code=CAVALESE).get()


def scopes(data, valley) -> list[Scope]:
    return [
        Scope(YEAR_START, YEAR_END),
        Scope(YEAR_START, YEAR_END, statistics_consent_only=True),
        Scope(YEAR_START, YEAR_END, valley=valley),
        Scope(YEAR_START, YEAR_END, subprojects=tuple(data.subprojects.values())),
        Scope(date(2026, 1, 1), date(2026, 12, 31)),
    ]


def test_hours_are_the_same_when_the_placements_are_too_many_to_name(data, fassa, monkeypatch):
    few = [indicators.hours(scope).rows for scope in scopes(data, fassa)]
    monkeypatch.setattr(indicators, "FEW_PLACEMENTS", 0)
    many = [indicators.hours(scope).rows for scope in scopes(data, fassa)]
    assert many == few
    assert few[0][-1][2] == Decimal("21.50")


def test_hours_attended_of_a_sub_project_are_the_same_with_many_placements(data, monkeypatch):
    def figures() -> list[Decimal]:
        return [
            compute("hours_attended", subproject, YEAR_START, YEAR_END)
            for subproject in data.subprojects.values()
        ]

    few = figures()
    monkeypatch.setattr(computations, "FEW_PLACEMENTS", 0)
    assert figures() == few
    assert few[0] == Decimal("8.00")


def test_the_queries_of_the_sub_projects_indicators_do_not_grow_with_the_manual_ones(
    data, worker_a
):
    scope = Scope(YEAR_START, YEAR_END)
    with CaptureQueriesContext(connection) as before:
        indicators.subproject_indicators(scope)
    subproject = data.subprojects["ristorante"]
    for number in range(6):
        item = ProjectIndicator.objects.create(
            subproject=subproject,
            name=f"Questionario {number}",
            dimension=ProjectIndicator.Dimension.COMMUNITIES,
            source=ProjectIndicator.Source.MANUAL,
            starts_on=YEAR_START,
            ends_on=YEAR_END,
            baseline=Decimal("0"),
            target=Decimal("10"),
        )
        for on, value in ((date(2025, 3, 1), "2"), (date(2025, 6, 1), str(number))):
            IndicatorValue.objects.create(
                indicator=item, on=on, value=Decimal(value), recorded_by=worker_a
            )
        IndicatorValue.objects.create(
            indicator=item, on=date(2026, 1, 1), value=Decimal("9"), recorded_by=worker_a
        )
    with CaptureQueriesContext(connection) as after:
        rows = {row[0]: row[1:] for row in indicators.subproject_indicators(scope).rows}
    assert len(after.captured_queries) == len(before.captured_queries)
    # The latest value on or before the end of the scope, and the progress toward 10.
    assert rows["Ristorante · Questionario 5"] == [
        Decimal("0.00"),
        Decimal("10.00"),
        Decimal("5.00"),
        Decimal("50.0"),
    ]
