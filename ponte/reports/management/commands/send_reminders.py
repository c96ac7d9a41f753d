"""The daily reminder digest: run it once a day from cron (or the task worker's scheduler)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ponte.reports.reminders import send_digests


class Command(BaseCommand):
    help = "E-mail each user what is due: plan reviews, follow-ups, consents, placements, actions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="The day to compute reminders for (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        sent = send_digests(on=day)
        self.stdout.write(f"{sent} reminder digests sent.")
