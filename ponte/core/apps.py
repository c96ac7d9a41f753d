from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ponte.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ponte.core import audit

        # Connects the lockout log (axes' user_locked_out signal).
        from ponte.core.security import throttling  # noqa: F401

        # The acting organisation in every change of the audit trail.
        audit.connect()
