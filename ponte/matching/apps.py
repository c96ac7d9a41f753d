from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "ponte.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.matching import models
        from ponte.network.models import Role

        register(
            NavItem(
                "matching:proposals",
                _("Proposals"),
                roles={Role.CASE_WORKER, Role.COMPANY_TUTOR},
                order=23,
            )
        )
        register(
            NavItem(
                "matching:assignment",
                _("Assignment"),
                roles={Role.TABLE_MEMBER, Role.COORDINATOR},
                order=60,
            )
        )
        auditlog.register(models.Weights)

        # The opening's page shows the way to its candidates.
        from ponte.pathways.views.openings import EXTRA_PANELS

        if "matching/_opening_panel.html" not in EXTRA_PANELS:
            EXTRA_PANELS.append("matching/_opening_panel.html")
