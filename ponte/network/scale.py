"""The network's part of the large synthetic data set (`manage.py seed_scale`)."""

import random
from typing import Any, TextIO

from django.core.management.base import CommandParser
from django.db import transaction

from ponte.network.models import Municipality, Organisation, Sector

WORDS = [
    "Alpina",
    "Dolomiti",
    "Latemar",
    "Lagorai",
    "Avisio",
    "Cermis",
    "Marmolada",
    "Sella",
    "Fiorita",
    "Boschi",
    "Prati",
    "Sorgente",
    "Larice",
    "Cirmolo",
    "Stella",
    "Aurora",
]
KIND_WEIGHTS = {
    Organisation.Kind.COMPANY: 50,
    Organisation.Kind.SOCIAL_COOP_B: 10,
    Organisation.Kind.SOCIAL_COOP_A: 6,
    Organisation.Kind.ASSOCIATION: 20,
    Organisation.Kind.PURCHASING_GROUP: 8,
    Organisation.Kind.PUBLIC_BODY: 4,
    Organisation.Kind.BANK: 2,
}


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--organisations", type=int, default=3000, help="synthetic organisations to add"
    )


@transaction.atomic
def seed(*, stdout: TextIO, organisations: int = 3000, **_options: Any) -> None:
    rng = random.Random(20261126)  # noqa: S311 - reproducible synthetic data, not security
    municipalities = list(Municipality.objects.all())
    sectors = list(Sector.objects.all())
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    start = Organisation.objects.filter(name__startswith="Sintetica ").count()
    new = [
        Organisation(
            name=f"Sintetica {rng.choice(WORDS)} {start + i:05d}",
            kind=rng.choices(kinds, weights)[0],
            municipality=rng.choice(municipalities),
            description="Organizzazione sintetica per le misure di prestazione.",
            is_public=rng.random() < 0.9,
            employees=rng.randint(1, 300),
        )
        for i in range(organisations)
    ]
    created = Organisation.objects.bulk_create(new, batch_size=1000)
    through = Organisation.sectors.through
    through.objects.bulk_create(
        [
            through(organisation_id=o.pk, sector_id=s.pk)
            for o in created
            for s in rng.sample(sectors, 2)
        ],
        batch_size=2000,
    )
    stdout.write(f"Network: {len(created)} synthetic organisations added.")
