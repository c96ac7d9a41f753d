from django.apps import AppConfig
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ponte.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.network.panels import DashboardPanel, register_dashboard_panel

        register_dashboard_panel(DashboardPanel("api/dashboard_panel.html", _dashboard_panel))

        from ponte.api.models import ApiToken

        # Who made and revoked which token, when: never the hash, nor every use.
        auditlog.register(ApiToken, exclude_fields=["secret_hash", "last_used_at", "updated_at"])


def _dashboard_panel(request: HttpRequest) -> dict[str, object] | None:
    """A link to the API tokens on the home page of users acting for an organisation."""
    if getattr(request, "membership", None) is None:
        return None
    return {"tokens": reverse("api_tokens:list"), "docs": reverse("api:docs")}
