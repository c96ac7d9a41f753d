"""The sub-projects' part of the large synthetic data set (`manage.py seed_scale`): sub-projects
led by the synthetic organisations, each with budget lines, a year of movements and indicators
entered by hand, with bulk inserts, so that the list and a sub-project's page are measured with
a realistic amount of data (1,000 sub-projects and about 48,000 movements by default)."""

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from ponte.core.synthetic import unique_codes
from ponte.network.models import Organisation, Role, User
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject

LINES = [
    ("Personale", BudgetLine.Kind.COST, 60000),
    ("Materiali e attrezzature", BudgetLine.Kind.COST, 15000),
    ("Formazione e tutoraggio", BudgetLine.Kind.COST, 8000),
    ("Vendite dell'attività", BudgetLine.Kind.REVENUE, 50000),
]
MOVEMENTS_PER_LINE = 12


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--subprojects", type=int, default=1000, help="synthetic sub-projects")


@transaction.atomic
def seed(*, stdout: TextIO, subprojects: int = 1000, **_options: Any) -> None:
    if subprojects <= 0:
        return
    started = timezone.now()
    rng = random.Random(20261126)  # noqa: S311 - reproducible synthetic data, not security
    leads = list(
        Organisation.objects.filter(name__startswith="Sintetica ", is_active=True).values_list(
            "pk", flat=True
        )
    ) or list(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    recorder = User.objects.filter(memberships__role=Role.COORDINATOR).order_by("pk").first()
    if not leads or recorder is None:
        stdout.write("Projects: no organisations or coordinator to work with (run seed_demo).")
        return
    today = timezone.localdate()
    projects = [
        SubProject(
            code=code,
            title=f"Sottoprogetto sintetico {index + 1}",
            description="Attività di inserimento lavorativo con persone in percorso.",
            lead_id=rng.choice(leads),
            starts_on=today - timedelta(days=365),
            ends_on=today + timedelta(days=365),
            status=SubProject.Status.ACTIVE,
        )
        for index, code in enumerate(unique_codes(rng, SubProject, subprojects))
    ]
    SubProject.objects.bulk_create(projects, batch_size=2000)
    lines = [
        BudgetLine(
            code=code,
            subproject=project,
            name=name,
            kind=kind,
            planned=Decimal(planned + rng.randint(-5000, 5000)),
        )
        for (project, (name, kind, planned)), code in zip(
            ((p, line) for p in projects for line in LINES),
            unique_codes(rng, BudgetLine, len(projects) * len(LINES)),
            strict=True,
        )
    ]
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    movements = [
        Movement(
            code=code,
            budget_line=line,
            on=today - timedelta(days=30 * month + rng.randint(0, 20)),
            amount=Decimal(rng.randint(200, 6000)),
            description="Fattura" if line.kind == BudgetLine.Kind.COST else "Incasso",
            document=f"N. {rng.randint(1, 999)}/{today.year}",
            recorded_by=recorder,
        )
        for (line, month), code in zip(
            ((line, month) for line in lines for month in range(MOVEMENTS_PER_LINE)),
            unique_codes(rng, Movement, len(lines) * MOVEMENTS_PER_LINE),
            strict=True,
        )
    ]
    Movement.objects.bulk_create(movements, batch_size=5000)
    indicators = [
        Indicator(
            code=code,
            subproject=project,
            name="Persone coinvolte nelle attività",
            unit="persone",
            dimension=Indicator.Dimension.EMPOWERMENT,
            baseline=Decimal(0),
            target=Decimal(rng.randint(5, 30)),
            starts_on=project.starts_on,
            ends_on=project.ends_on,
        )
        for project, code in zip(projects, unique_codes(rng, Indicator, len(projects)), strict=True)
    ]
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=indicator,
                on=today - timedelta(days=90 * quarter),
                value=Decimal(rng.randint(0, int(indicator.target))),
                note="Registro delle presenze",
                recorded_by=recorder,
            )
            for indicator in indicators
            for quarter in range(4)
        ],
        batch_size=5000,
    )
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(
        f"Projects: {len(projects)} synthetic sub-projects, {len(movements)} movements "
        f"in {seconds:.1f} s."
    )
