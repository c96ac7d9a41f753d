"""The marketplace's part of the large synthetic data set (`manage.py seed_scale`): listings of
the synthetic organisations, with bulk_create, so that the marketplace, the catalogue and an
organisation's listings can be measured with a realistic amount of data (100,000 by default).

Nothing goes through services.py (no matching, no notification, no audit): the listings are
built in memory with their words already normalised, in every direction, mode, category and
visibility; about a tenth are closed and a sixth past their date (expired), as in a marketplace
that has been running for some years."""

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from ponte.core.codes import ALPHABET
from ponte.marketplace.models import Listing
from ponte.marketplace.services import listing_words, stored_words
from ponte.network.models import Organisation, Role, User

BATCH = 5000

# (category, title, description, unit, price range in euro or None)
TEMPLATES: list[tuple[str, str, str, str, tuple[int, int] | None]] = [
    (
        "good",
        "Uova fresche",
        "Uova di galline allevate all'aperto, consegna settimanale.",
        "€/dozzina",
        (3, 6),
    ),
    ("good", "Formaggio di malga", "Formaggio stagionato prodotto in alpeggio.", "€/kg", (12, 25)),
    (
        "good",
        "Legna da ardere",
        "Legna di faggio e abete tagliata e spaccata.",
        "€/quintale",
        (10, 20),
    ),
    ("good", "Pasta di semola", "Formati lunghi e corti per mense e ristoranti.", "€/kg", (2, 5)),
    ("good", "Verdura di stagione", "Ortaggi coltivati in valle senza pesticidi.", "€/kg", (2, 6)),
    ("good", "Arredi usati per ufficio", "Scrivanie, sedie e armadi in buono stato.", "", None),
    (
        "service",
        "Lavanderia per alberghi",
        "Lavaggio e stiro della biancheria degli alberghi.",
        "€/kg",
        (1, 4),
    ),
    (
        "service",
        "Catering per eventi",
        "Buffet e pranzi preparati con persone in percorso.",
        "€/persona",
        (12, 30),
    ),
    (
        "service",
        "Manutenzione del verde",
        "Sfalcio, potature e cura dei giardini.",
        "€/ora",
        (18, 35),
    ),
    (
        "service",
        "Pulizie di uffici",
        "Pulizie periodiche di uffici e spazi comuni.",
        "€/ora",
        (15, 25),
    ),
    (
        "service",
        "Trasporto di materiali",
        "Furgone con autista per piccoli traslochi.",
        "€/ora",
        (20, 40),
    ),
    (
        "service",
        "Formazione sulla sicurezza",
        "Corsi sulla sicurezza nei luoghi di lavoro.",
        "",
        None,
    ),
    (
        "information",
        "Bando per progetti sociali",
        "Contributi per progetti di welfare di comunità.",
        "",
        None,
    ),
    (
        "information",
        "Corso di formazione gratuito",
        "Iscrizioni aperte a un corso per adulti.",
        "",
        None,
    ),
]
MODE_WEIGHTS = {"sale": 60, "exchange": 15, "gift": 15, "loan": 10}


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--listings", type=int, default=100000, help="synthetic marketplace listings"
    )


def _codes(rng: random.Random, n: int) -> list[str]:
    """n random codes that collide neither with each other nor with the listings already
    there (a random draw, not secrets: synthetic data)."""
    taken = set(Listing.objects.values_list("code", flat=True))
    codes: list[str] = []
    while len(codes) < n:
        code = "".join(rng.choices(ALPHABET, k=8))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


@transaction.atomic
def seed(*, stdout: TextIO, listings: int = 100000, **_options: Any) -> None:
    if listings <= 0:
        return
    started = timezone.now()
    rng = random.Random(20261128)  # noqa: S311 - reproducible synthetic data, not security
    authors = list(
        Organisation.objects.filter(
            name__startswith="Sintetica ", is_active=True, municipality__isnull=False
        ).values_list("pk", "municipality_id")
    ) or list(
        Organisation.objects.filter(is_active=True, municipality__isnull=False).values_list(
            "pk", "municipality_id"
        )
    )
    creator = (
        User.objects.filter(memberships__role=Role.COORDINATOR).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )
    if not authors or creator is None:
        stdout.write("Marketplace: no organisations or users to work with (run seed_demo).")
        return
    words = {
        title: stored_words(listing_words(title, text)) for _c, title, text, _u, _p in TEMPLATES
    }
    modes, weights = zip(*MODE_WEIGHTS.items(), strict=True)
    today = timezone.localdate()
    codes = _codes(rng, listings)
    rows = []
    for index, code in enumerate(codes):
        category, title, description, unit, prices = rng.choice(TEMPLATES)
        organisation_id, municipality_id = rng.choice(authors)
        mode = rng.choices(modes, weights)[0]
        price = (
            Decimal(rng.randint(prices[0] * 100, prices[1] * 100)) / 100
            if prices and mode == "sale"
            else None
        )
        expired = rng.random() < 0.16
        rows.append(
            Listing(
                code=code,
                organisation_id=organisation_id,
                direction="offer" if rng.random() < 0.6 else "request",
                mode=mode,
                category=category,
                title=f"{title} {index:06d}",
                description=description,
                price=price,
                unit=unit if price is not None else "",
                municipality_id=municipality_id,
                valid_until=today
                + timedelta(days=-rng.randint(1, 700) if expired else rng.randint(0, 365)),
                visibility="public" if rng.random() < 0.5 else "members",
                status="closed" if rng.random() < 0.1 else "open",
                created_by=creator,
                words=words[title],
            )
        )
    for start in range(0, len(rows), BATCH):
        Listing.objects.bulk_create(rows[start : start + BATCH])
    seconds = (timezone.now() - started).total_seconds()
    stdout.write(f"Marketplace: {listings} synthetic listings in {seconds:.1f} s.")
