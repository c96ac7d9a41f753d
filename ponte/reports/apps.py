from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ponte.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from ponte.core.navigation import NavItem, register
        from ponte.network.models import Role
        from ponte.reports.access import DASHBOARD_ROLES

        register(NavItem("reports:dashboard", _("Dashboard"), roles=set(DASHBOARD_ROLES), order=80))
        register(
            NavItem(
                "reports:imports",
                _("Imports"),
                roles={
                    Role.COORDINATOR,
                    Role.CASE_WORKER,
                    Role.COMPANY_TUTOR,
                    Role.MEMBER_CONTACT,
                },
                order=85,
            )
        )
        # Open data is public, like the catalogue.
        register(NavItem("opendata:index", _("Open data"), order=13))
        from ponte.network.panels import DashboardPanel, register_dashboard_panel
        from ponte.reports.reminders import reminders_panel_context

        # The user's reminders on their home page (the network app imports nothing of ours).
        register_dashboard_panel(
            DashboardPanel("reports/reminders_panel.html", reminders_panel_context)
        )
        from auditlog.registry import auditlog

        from ponte.reports.models import FunderReport

        # Who asked for a funder report and who downloaded it (it leaves the district); not
        # each step of its progress.
        auditlog.register(FunderReport, exclude_fields=["progress", "updated_at"])
