from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "ponte.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from ponte.core.navigation import NavItem, register
        from ponte.network.models import Role

        register(NavItem("network:directory", _("Network"), order=10))
        register(
            NavItem("network:manage", _("Manage the network"), roles={Role.COORDINATOR}, order=90)
        )
        register(
            NavItem("network:audit", _("Audit trail"), roles={Role.COORDINATOR, Role.DPO}, order=95)
        )
