"""Encode again, without metadata (EXIF with the GPS position, XMP, ICC profile, comments), the
listings' photos stored before Ponte cleaned every upload. Run it once after the upgrade; running
it again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from ponte.marketplace.services import stored_photos_cleaned


class Command(BaseCommand):
    help = "Remove the metadata (GPS position, camera, ICC profile) of the stored listing photos."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = stored_photos_cleaned()
        self.stdout.write(f"{changed} photos cleaned.")
