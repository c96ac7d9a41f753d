"""Imports from XLSX and CSV spreadsheets (/cruscotto/importazioni/): districts that kept their
data in spreadsheets bring it in without retyping.

- engine.py: reading files, header, cells, validation with the apps' forms, writing;
- organisations.py, people.py, services.py, openings.py, listings.py: one module per kind,
  with its columns (fixed Italian keys, documented in each template), its natural key, who
  may import it and how its rows are written;
- templates.py: the template files to download (XLSX with an instructions sheet, CSV);
- batches.py: the life of an import (upload, dry run, import, discard);
- tasks.py: the dry run and the import as background tasks, reporting their progress.
"""

from ponte.reports.imports.engine import Actor, ImportKind
from ponte.reports.imports.listings import ListingsImport
from ponte.reports.imports.openings import OpeningsImport
from ponte.reports.imports.organisations import OrganisationsImport
from ponte.reports.imports.people import PeopleImport
from ponte.reports.imports.services import ServicesImport

KINDS: dict[str, type[ImportKind]] = {
    kind.slug: kind
    for kind in (
        OrganisationsImport,
        PeopleImport,
        ServicesImport,
        OpeningsImport,
        ListingsImport,
    )
}


def kinds_for(actor: Actor) -> list[type[ImportKind]]:
    """The kinds the actor may import, in the order of KINDS."""
    return [kind for kind in KINDS.values() if kind.allowed(actor)]
