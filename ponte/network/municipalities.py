"""Loading the district's valleys and municipalities from a CSV file (reference data, so another
district runs Ponte with its own file). The default file is a copy of the ISTAT-derived list of
the Fiemme and Fassa municipalities."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from ponte.network.models import Municipality, Valley

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"


@transaction.atomic
def municipalities_load(*, path: Path = DEFAULT_FILE) -> int:
    """Create or update every municipality of the file, with its valley. Idempotent."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        valley, _created = Valley.objects.get_or_create(
            code=slugify(row["valley"]), defaults={"name": row["valley"]}
        )
        Municipality.objects.update_or_create(
            istat_code=row["istat_code"],
            defaults={
                "name": row["name"],
                "name_other_language": row["name_other_language"],
                "name_ladin": row["name_ladin"],
                "valley": valley,
                "cadastral_code": row["cadastral_code"],
                "latitude": Decimal(row["lat_approx"]),
                "longitude": Decimal(row["lon_approx"]),
            },
        )
    return len(rows)
