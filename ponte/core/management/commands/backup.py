from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ponte.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the configured database to a file: SQLite through its online backup API, "
        "PostgreSQL with pg_dump --format=custom. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the backup (default: var/backups/ponte-<date-time>.<ext>).",
        )

    def handle(self, *args: object, **options: object) -> None:
        from django.conf import settings

        path = Path(str(options["path"])) if options["path"] else None
        if path is None:
            vendor = "sqlite" if "sqlite" in settings.DATABASES["default"]["ENGINE"] else "pg"
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            extension = "sqlite3" if vendor == "sqlite" else "dump"
            path = Path(settings.VAR_DIR) / "backups" / f"ponte-{stamp}.{extension}"
        try:
            kind = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup ({kind}) written to {path}."))
