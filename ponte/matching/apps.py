from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "ponte.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from ponte.core.navigation import NavItem, register
        from ponte.matching import models
        from ponte.network.models import Role

        register(
            NavItem(
                "matching:proposals",
                _("Proposals"),
                roles={Role.CASE_WORKER, Role.COMPANY_TUTOR},
                order=23,
            )
        )
        register(
            NavItem(
                "matching:assignment",
                _("Assignment"),
                roles={Role.TABLE_MEMBER, Role.COORDINATOR},
                order=60,
            )
        )
        auditlog.register(models.Weights)
        # docs/privacy.md, "Audit trail": the notes about a person are masked in the trail.
        auditlog.register(
            models.Proposal,
            mask_fields=["note", "decline_note"],
            mask_callable="ponte.core.audit.mask_completely",
        )

        # Nothing of a person stays with a company once the consent to share the profile is
        # withdrawn or the person is erased: open proposals are withdrawn; erasure blanks the
        # notes of every proposal and purges their audit entries.
        from ponte.matching.services import proposals_withdraw
        from ponte.pathways.rights.holders import on_company_sharing_ended, register_person_records

        on_company_sharing_ended(proposals_withdraw)
        register_person_records(
            models.Proposal, person_lookup="person", erased={"note": "", "decline_note": ""}
        )

        # The opening's page shows the way to its candidates.
        from ponte.openings.views import EXTRA_PANELS

        if "matching/_opening_panel.html" not in EXTRA_PANELS:
            EXTRA_PANELS.append("matching/_opening_panel.html")
