"""Reads of referrals."""

from django.db.models import QuerySet

from ponte.pathways.models import Referral


def referrals_awaiting_decision(organisation_id: int) -> QuerySet[Referral]:
    """Referrals received by an organisation that nobody has accepted or declined yet."""
    return (
        Referral.objects.filter(
            status=Referral.Status.RECEIVED, person__organisation_id=organisation_id
        )
        .select_related("person", "from_organisation")
        .order_by("referred_on", "id")
    )
