from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (or the one "
        "given with --database-url), replacing what it holds. Stop the site first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the configured one (e.g. to check a "
            "backup in an empty database).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        if options["interactive"]:
            answer = input(
                "This replaces every row of the target database with the backup. "
                "Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            kind = restore(path, database_url=options["database_url"])  # type: ignore[arg-type]
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup ({kind}) restored from {path}."))
