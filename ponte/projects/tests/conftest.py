"""Fixtures of the sub-project tests: a sub-project led by organisation A, linked to A's
service of the pathways fixtures, with a cost and a revenue line; helpers to add movements."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ponte.pathways.tests.conftest import (  # noqa: F401 - shared fixtures
    make_person,
    make_placement,
    make_referral,
    other_person,
    person,
    referrer,
    referring_body,
    service,
)
from ponte.projects import services
from ponte.projects.models import BudgetLine, Movement, SubProject

START = date.today() - timedelta(days=200)
END = date.today() + timedelta(days=165)


def make_subproject(lead, *, title: str = "Ristorante solidale", **fields) -> SubProject:
    links = {name: fields.pop(name, []) for name in ("partners", "funders", "services")}
    subproject = SubProject(
        title=title,
        description="Un ristorante dove lavorano persone in percorso.",
        lead=lead,
        starts_on=fields.pop("starts_on", START),
        ends_on=fields.pop("ends_on", END),
        status=fields.pop("status", SubProject.Status.ACTIVE),
        **fields,
    )
    return services.subproject_save(subproject=subproject, **links)


def make_line(subproject, name: str, kind: str, planned: str) -> BudgetLine:
    return services.budget_line_save(
        line=BudgetLine(subproject=subproject, name=name, kind=kind, planned=Decimal(planned))
    )


def add_movement(line, amount: str, by, *, on: date | None = None) -> Movement:
    return services.movement_record(
        movement=Movement(
            budget_line=line,
            on=on or date.today(),
            amount=Decimal(amount),
            description="Fattura del mese",
        ),
        by=by,
    )


@pytest.fixture
def subproject(org_a, org_b, company, service) -> SubProject:  # noqa: F811
    return make_subproject(org_a, partners=[org_b], funders=[company], services=[service])


@pytest.fixture
def cost_line(subproject) -> BudgetLine:
    return make_line(subproject, "Materie prime", BudgetLine.Kind.COST, "1000")


@pytest.fixture
def revenue_line(subproject) -> BudgetLine:
    return make_line(subproject, "Vendite", BudgetLine.Kind.REVENUE, "800")
