from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ponte.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.api.models import ApiToken

        # Who made and revoked which token, when: never the hash, nor every use.
        auditlog.register(ApiToken, exclude_fields=["secret_hash", "last_used_at", "updated_at"])
