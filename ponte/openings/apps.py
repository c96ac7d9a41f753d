from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpeningsConfig(AppConfig):
    name = "ponte.openings"
    label = "openings"
    verbose_name = _("Openings")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.openings.models import Opening

        register(NavItem("openings:list", _("Openings"), order=15))
        auditlog.register(Opening)

        # Openings from spreadsheets (ponte/imports).
        from ponte.imports.kinds import register as register_import
        from ponte.openings.imports import OpeningsImport

        register_import(OpeningsImport)
