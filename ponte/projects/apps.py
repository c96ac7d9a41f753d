from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "ponte.projects"
    label = "projects"
    verbose_name = _("Sub-projects")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.projects import models
        from ponte.projects.access import READERS

        register(NavItem("projects:list", _("Projects"), roles=set(READERS), order=40))
        auditlog.register(
            models.SubProject, m2m_fields={"partners", "funders", "services", "openings"}
        )
        auditlog.register(models.BudgetLine)
        auditlog.register(models.Movement)
        auditlog.register(models.Indicator)
        auditlog.register(models.IndicatorValue)
