from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "ponte.governance"
    label = "governance"
    verbose_name = _("Tables")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.governance import models
        from ponte.network.models import Role
        from ponte.pathways.rights.holders import register_person_records

        register(
            NavItem(
                "governance:tables",
                _("Tables"),
                roles={
                    Role.TABLE_MEMBER,
                    Role.COORDINATOR,
                    Role.CASE_WORKER,
                    Role.REFERRER,
                    Role.MEMBER_CONTACT,
                },
                order=65,
            )
        )
        for model in (
            models.Table,
            models.TableMembership,
            models.Meeting,
            models.AgendaItem,
            models.AgendaCase,
            models.Attendance,
            models.Decision,
            models.ActionItem,
        ):
            auditlog.register(model)
        # The optimal assignment (matching) is the Tavolo Tecnico's.
        from ponte.governance.access import sits_at_a_technical_table
        from ponte.matching.access import register_technical_table_seat

        register_technical_table_seat(sits_at_a_technical_table)
        # A case on the agenda is about a person: an erasure purges its audit entries too.
        register_person_records(models.AgendaCase, person_lookup="person")
