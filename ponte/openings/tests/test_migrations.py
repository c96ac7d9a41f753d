"""Openings and proposals moved out of pathways (openings 0001, matching 0002, projects 0003,
pathways 0007) without touching a table: a database of the previous layout, with the demo district
in it, upgrades with every row, every link and its audit history intact — on SQLite and on
PostgreSQL, as CI runs the suite on both.

The tables are the same before and after the move, so the demo seeded by this code is the data a
database of the previous layout holds; the test takes the database back to that layout, reads
the rows through the models of then, and brings it forward again."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps.registry import Apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from ponte.core.tests.helpers import seed_demo
from ponte.matching.models import Proposal
from ponte.openings.models import Opening
from ponte.pathways.models import Placement
from ponte.projects.models import SubProject

# The last migrations of the previous layout (openings did not exist).
PREVIOUS = [
    ("pathways", "0006_levelchange_person_changed_on"),
    ("matching", "0001_initial"),
    ("projects", "0002_budget_and_indicators"),
    ("openings", None),
]


def migrate(targets: list[tuple[str, str | None]]) -> Apps:
    """Migrate to `targets`; returns the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest() -> list[tuple[str, str | None]]:
    return list(MigrationExecutor(connection).loader.graph.leaf_nodes())


def rows(opening: Any, proposal: Any, placement: Any, subproject: Any) -> dict[str, Any]:
    """What the move must keep, read through the given models."""
    return {
        "openings": sorted(
            opening.objects.values_list(
                "pk", "code", "host_id", "title", "min_level_id", "status", "tutor_id"
            )
        ),
        "proposals": sorted(
            proposal.objects.values_list(
                "pk", "code", "opening_id", "person_id", "placement_id", "status", "note"
            )
        ),
        "placements in openings": sorted(
            placement.objects.filter(opening__isnull=False).values_list("pk", "opening_id")
        ),
        "linked openings": sorted(
            subproject.objects.filter(openings__isnull=False).values_list("pk", "openings")
        ),
    }


def history(app_label: str, model: str) -> list[tuple[Any, ...]]:
    content_type = ContentType.objects.get(app_label=app_label, model=model)
    return sorted(
        LogEntry.objects.filter(content_type_id=content_type.pk).values_list(
            "pk", "object_pk", "action", "changes"
        )
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_of_the_previous_layout_upgrades_with_its_demo_data_intact():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seed_demo()
    # A sub-project links an opening, so that the many-to-many table is crossed too.
    linked = Opening.objects.order_by("pk").first()
    assert linked is not None
    SubProject.objects.order_by("pk").first().openings.add(linked)  # type: ignore[union-attr]
    now = rows(Opening, Proposal, Placement, SubProject)
    assert all(now.values()), now
    trail = {"opening": history("openings", "opening"), "proposal": history("matching", "proposal")}
    assert trail["opening"] and trail["proposal"]
    leaves = latest()

    old = migrate(PREVIOUS)
    before = rows(
        old.get_model("pathways", "Opening"),
        old.get_model("pathways", "Proposal"),
        old.get_model("pathways", "Placement"),
        old.get_model("projects", "SubProject"),
    )
    assert before == now
    # The audit history belonged to the models of pathways then.
    ContentType.objects.clear_cache()
    assert history("pathways", "opening") == trail["opening"]
    assert history("pathways", "proposal") == trail["proposal"]

    migrate(leaves)
    ContentType.objects.clear_cache()
    assert rows(Opening, Proposal, Placement, SubProject) == before
    assert history("openings", "opening") == trail["opening"]
    assert history("matching", "proposal") == trail["proposal"]
    assert not ContentType.objects.filter(app_label="pathways", model__in=["opening", "proposal"])
