from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Load the demo district (idempotent). Each app adds its part from its own demo.py, "
        "in the order of INSTALLED_APPS. Demo accounts use the password 'demo', which is "
        "refused when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users (used by `make run`).",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["if_empty"] and get_user_model().objects.exists():
            self.stdout.write("The database already has data: demo district not loaded.")
            return
        # The demo's addresses are fictional: the notifications it makes are not emailed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed()

    @transaction.atomic
    def _seed(self) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith("ponte.") and find_spec(module_name):
                import_module(module_name).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo district ready."))
