from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "ponte.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.matching import models

        auditlog.register(models.Weights)
