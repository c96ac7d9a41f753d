"""The registries of ponte.imports, which the apps fill from their AppConfig.ready(): the kinds
of import, in the order of the import page, and the column kinds that need an app's data. That
ponte.imports imports no app but core is the layers contract of `make lint` (import-linter)."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from ponte.imports.cells import COLUMN_KINDS
from ponte.imports.kinds import KINDS, ImportKind, register


@pytest.fixture
def registry():
    saved = dict(KINDS)
    yield KINDS
    KINDS.clear()
    KINDS.update(saved)


def app_of(kind: type[ImportKind]) -> str:
    config = apps.get_containing_app_config(kind.__module__)
    assert config is not None
    return config.label


def test_each_app_registers_its_kinds_in_the_order_of_the_import_page():
    assert [(slug, app_of(kind)) for slug, kind in KINDS.items()] == [
        ("organisations", "network"),
        ("people", "pathways"),
        ("services", "pathways"),
        ("openings", "openings"),
        ("listings", "marketplace"),
    ]


def test_network_registers_the_municipality_columns():
    assert "municipality" in COLUMN_KINDS


def test_a_kind_is_listed_by_its_order_whoever_registers_first(registry):
    class First(ImportKind):
        slug = "first"
        order = 1

    register(First)
    register(First)
    assert list(registry)[0] == "first"
    assert list(registry).count("first") == 1


def test_two_kinds_may_not_share_a_slug(registry):
    class Listings(ImportKind):
        slug = "listings"

    with pytest.raises(ImproperlyConfigured, match="listings"):
        register(Listings)
