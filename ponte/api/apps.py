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

        from ponte.api.services import revoke_tokens_of_membership
        from ponte.network.deactivation import register_on_deactivation
        from ponte.network.panels import DashboardPanel, register_dashboard_panel

        register_dashboard_panel(DashboardPanel("api/dashboard_panel.html", _dashboard_panel))
        # A role, user or organisation switched off revokes the tokens acting through it.
        register_on_deactivation(revoke_tokens_of_membership)

        from ponte.api.models import ApiToken

        # Who made and revoked which token, when: never the hash, nor every use.
        auditlog.register(ApiToken, exclude_fields=["secret_hash", "last_used_at", "updated_at"])


def _dashboard_panel(request: HttpRequest) -> dict[str, object] | None:
    """A link to the API tokens on the home page of users acting for an organisation (not the
    data-protection officer, who does not use the API)."""
    from ponte.api.access import may_use_api  # the app's models are not loaded at import

    if not may_use_api(request):
        return None
    return {"tokens": reverse("api_tokens:list"), "docs": reverse("api:docs")}
