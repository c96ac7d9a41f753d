from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from ponte.network.municipalities import DEFAULT_FILE, municipalities_load


class Command(BaseCommand):
    help = "Load (or update) the district's valleys and municipalities from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args: object, **options: str) -> None:
        count = municipalities_load(path=Path(options["path"]))
        self.stdout.write(f"{count} municipalities loaded.")
