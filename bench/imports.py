"""The spreadsheet imports on a 10,000-row file: `python bench/imports.py [rows]`.

Builds a fresh SQLite database of its own in a temporary directory (or uses BENCH_DATABASE_URL,
which it migrates), generates a CSV file of ROWS listings and one of ROWS organisations, and times
for each the dry run and the import (which checks the file again, then writes it in one
transaction), through the same functions the background tasks call. A second import of the same
file is timed too: it must find every row unchanged and write nothing.

Budget (architecture.md): importing a 10,000-row spreadsheet in under 10 s. Exit code 1 when
an import is over it.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET = 10.0


def setup(directory: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{directory}/imports.sqlite3"
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["TASKS_BACKEND"] = "immediate"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def csv_file(rows: list[list[str]]) -> bytes:
    return ("\ufeff" + "\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8")


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as directory:
        setup(directory)
        from django.core.files.uploadedfile import SimpleUploadedFile

        from ponte.network.demo import fictional_vat_number
        from ponte.network.imports import Actor
        from ponte.network.models import Membership, Organisation, Role, User
        from ponte.network.municipalities import municipalities_load
        from ponte.reports.imports import batches
        from ponte.reports.models import ImportBatch

        municipalities_load()
        home = Organisation.objects.create(
            name="Coordinamento", kind=Organisation.Kind.SOCIAL_COOP_B
        )
        user = User.objects.create(username="bench.coordinatore", email="b@example.org")
        coordinator = Actor(
            user=user,
            membership=Membership.objects.create(
                user=user, organisation=home, role=Role.COORDINATOR
            ),
        )
        contact_user = User.objects.create(username="bench.referente", email="r@example.org")
        contact = Actor(
            user=contact_user,
            membership=Membership.objects.create(
                user=contact_user, organisation=home, role=Role.MEMBER_CONTACT
            ),
        )
        files = {
            "organisations": (
                coordinator,
                csv_file(
                    [
                        [
                            "nome",
                            "tipo",
                            "partita_iva",
                            "comune",
                            "socio_dal",
                            "dipendenti",
                            "settori",
                        ]
                    ]
                    + [
                        [
                            f"Impresa {n}",
                            "company",
                            fictional_vat_number(n, start=2000000),
                            ["Cavalese", "Predazzo", "Moena", "022196"][n % 4],
                            "01/02/2024",
                            str(n % 80),
                            "food, catering",
                        ]
                        for n in range(rows)
                    ]
                ),
            ),
            "listings": (
                contact,
                csv_file(
                    [
                        [
                            "offerta_richiesta",
                            "modalita",
                            "categoria",
                            "titolo",
                            "descrizione",
                            "prezzo",
                            "comune",
                            "valido_fino_al",
                        ]
                    ]
                    + [
                        [
                            ["offer", "request"][n % 2],
                            "sale",
                            "good",
                            f"Prodotto {n}",
                            f"Descrizione del prodotto numero {n}, fatto nelle valli.",
                            f"{n % 50},50",
                            "Cavalese",
                            "31/12/2099",
                        ]
                        for n in range(rows)
                    ]
                ),
            ),
        }
        over = False
        for kind, (actor, content) in files.items():
            for attempt in ("first", "again"):
                began, began_cpu = time.perf_counter(), time.process_time()
                batch = batches.import_batch_create(
                    actor=actor,
                    kind=kind,
                    upload=SimpleUploadedFile(f"{kind}.csv", content),
                )
                checked, checked_cpu = time.perf_counter(), time.process_time()
                batch.refresh_from_db()
                assert batch.status == ImportBatch.Status.READY, (batch.message, batch.report)
                batches.import_batch_start(batch=batch)
                done, done_cpu = time.perf_counter(), time.process_time()
                batch.refresh_from_db()
                assert batch.status == ImportBatch.Status.DONE, batch.message
                imported = done - checked
                over = over or imported > BUDGET
                print(
                    f"{kind:14} {attempt:5} {rows} rows ({len(content) / 1e6:.1f} MB): "
                    f"dry run {checked - began:5.2f} s (CPU {checked_cpu - began_cpu:5.2f} s), "
                    f"import {imported:5.2f} s (CPU {done_cpu - checked_cpu:5.2f} s) "
                    f"(created {batch.created_count}, unchanged {batch.unchanged_count}); "
                    f"budget {BUDGET:.0f} s{' OVER' if imported > BUDGET else ''}; "
                    f"load average {os.getloadavg()[0]:.1f}"
                )
        return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
