from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "ponte.pathways"
    label = "pathways"
    verbose_name = _("Pathways")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.network.models import Role
        from ponte.pathways import models

        register(
            NavItem(
                "pathways:caseload",
                _("Pathways"),
                roles={Role.CASE_WORKER, Role.REFERRER},
                order=20,
            )
        )
        register(
            NavItem(
                "pathways:tutor_placements",
                _("Placements"),
                roles={Role.COMPANY_TUTOR},
                order=22,
            )
        )
        register(
            NavItem(
                "pathways:services",
                _("Services"),
                roles={Role.CASE_WORKER, Role.REFERRER, Role.COORDINATOR, Role.COMPANY_TUTOR},
                order=25,
            )
        )
        register(
            NavItem(
                "pathways:privacy_requests",
                _("Privacy requests"),
                roles={Role.COORDINATOR},
                order=93,
            )
        )
        # docs/privacy.md, "Audit trail": every change to these records is audited (who, when,
        # what changed). The trail names the fields that changed but masks identity and free
        # text, so that reading it (the coordinator may) reveals nobody.
        mask = "ponte.core.audit.mask_completely"
        auditlog.register(
            models.Person,
            m2m_fields={"care_team"},
            mask_fields=[
                "first_name",
                "last_name",
                "birth_date",
                "fiscal_code",
                "email",
                "phone",
                "address",
                "basis",
                "invalidity_percent",
            ],
            mask_callable=mask,
        )
        auditlog.register(
            models.Referral, mask_fields=["reason", "decline_note"], mask_callable=mask
        )
        auditlog.register(models.DiaryNote, mask_fields=["text"], mask_callable=mask)
        auditlog.register(models.Assessment, mask_fields=["notes"], mask_callable=mask)
        auditlog.register(models.Plan, mask_fields=["objectives"], mask_callable=mask)
        auditlog.register(models.Goal, mask_fields=["text"], mask_callable=mask)
        auditlog.register(models.Placement, mask_fields=["interruption_cause"], mask_callable=mask)
        auditlog.register(models.PrivacyRequest, mask_fields=["note"], mask_callable=mask)
        for model in (
            models.Consent,
            models.ItemScore,
            models.Attendance,
            models.FollowUp,
            models.LevelChange,
        ):
            auditlog.register(model)

        # People and services from spreadsheets (ponte/imports).
        from ponte.imports.kinds import register as register_import
        from ponte.pathways.imports.people import PeopleImport
        from ponte.pathways.imports.services import ServicesImport

        register_import(PeopleImport)
        register_import(ServicesImport)
