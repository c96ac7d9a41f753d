from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser


def scale_modules() -> list[ModuleType]:
    """Each app that builds part of the large synthetic data set has a scale.py."""
    return [
        import_module(f"{config.name}.scale")
        for config in apps.get_app_configs()
        if config.name.startswith("ponte.") and find_spec(f"{config.name}.scale")
    ]


class Command(BaseCommand):
    help = (
        "Build the large synthetic data set used by `make bench`, with bulk inserts. "
        "Run it on a database of its own, after seed_demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        for module in scale_modules():
            module.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        for module in scale_modules():
            module.seed(**{**options, "stdout": self.stdout})
