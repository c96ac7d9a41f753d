from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "ponte.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ponte.core.navigation import NavItem, register
        from ponte.network.middleware import remember_acting_membership
        from ponte.network.models import Role

        # Every session remembers the role it acts in, so that it ends with that role.
        user_logged_in.connect(remember_acting_membership, dispatch_uid="ponte_acting_membership")

        register(NavItem("network:directory", _("Network"), order=10))
        register(
            NavItem("network:manage", _("Manage the network"), roles={Role.COORDINATOR}, order=90)
        )
        register(
            NavItem("network:audit", _("Audit trail"), roles={Role.COORDINATOR, Role.DPO}, order=95)
        )

        # Spreadsheet imports (ponte/imports, which imports no app): the municipality columns of
        # every kind are read by name or ISTAT code, and the register of organisations.
        from ponte.imports.cells import register_column_kind
        from ponte.imports.kinds import register as register_import
        from ponte.network.imports import MunicipalityLookup
        from ponte.network.imports.organisations import OrganisationsImport

        register_column_kind("municipality", lambda: MunicipalityLookup().parse)
        register_import(OrganisationsImport)

        # The one-time links that let a user enrol a second factor: their sending and their
        # use are in the audit trail (never the token, of which only a hash is kept anyway).
        from auditlog.registry import auditlog

        from ponte.network.models import EnrolmentLink

        auditlog.register(EnrolmentLink, exclude_fields=["token_hash"])
