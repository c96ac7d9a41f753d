from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "ponte.marketplace"
    label = "marketplace"
    verbose_name = _("Solidarity marketplace")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.marketplace import models
        from ponte.marketplace.access import BROWSERS

        register(NavItem("marketplace:list", _("Marketplace"), roles=set(BROWSERS), order=30))
        register(NavItem("catalogue:list", _("Catalogue"), order=12))
        # The words are derived from the title and the description: the trail need not repeat
        # them.
        auditlog.register(models.Listing, exclude_fields=["words"])
        auditlog.register(models.ListingPhoto)
        auditlog.register(models.Answer)
        auditlog.register(models.Exchange)

        # An organisation's page in the directory shows its active listings.
        from ponte.marketplace.selectors import catalogue_version
        from ponte.network.panels import OrganisationPanel, register_organisation_panel

        register_organisation_panel(
            OrganisationPanel("marketplace/_organisation_panel.html", catalogue_version)
        )

        # Listings from spreadsheets (ponte/imports).
        from ponte.imports.kinds import register as register_import
        from ponte.marketplace.imports import ListingsImport

        register_import(ListingsImport)
