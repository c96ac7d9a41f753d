from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ponte.pathways.rights.retention import expired, retention_apply

LABELS = {
    "closed_pathways": "closed pathways (people anonymised)",
    "declined_referrals": "declined referrals (people anonymised)",
    "diary": "diary notes (deleted)",
    "access_log": "reads in the audit trail (deleted)",
}


class Command(BaseCommand):
    help = (
        "List what is past retention (settings.PONTE_RETENTION: counts per record class, people "
        "by code only); with --apply, anonymise those people and delete the expired diary notes "
        "and reads of the audit trail. Idempotent: meant for a daily cron job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Anonymise and delete.")
        parser.add_argument(
            "--today", help="Compute as on this day (YYYY-MM-DD), e.g. to preview a date."
        )

    def handle(self, *args: object, **options: object) -> None:
        today = date.today()
        if options["today"]:
            try:
                today = date.fromisoformat(str(options["today"]))
            except ValueError as error:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from error
        for found in expired(today):
            codes = f": {', '.join(found.codes)}" if found.codes else ""
            self.stdout.write(
                f"{LABELS[found.record_class]}, {found.years} years, before "
                f"{found.cutoff.isoformat()}: {found.count}{codes}"
            )
        if not options["apply"]:
            self.stdout.write("Nothing changed (run with --apply to anonymise and delete).")
            return
        done = retention_apply(today=today)
        summary = ", ".join(f"{key} {count}" for key, count in done.items())
        self.stdout.write(self.style.SUCCESS(f"Retention applied: {summary}."))
