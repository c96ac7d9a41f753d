"""Writes of pathways about openings and proposals: who answers for an opening, withdrawing
a person's proposals, telling the host that a proposed placement has started."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.network.models import Role, User
from ponte.network.notifications import in_district_language, notify
from ponte.pathways.models import Opening, Person, Placement, Proposal


def opening_tutors(opening: Opening) -> list[User]:
    """Who answers for an opening: its tutor, or else every company tutor of the host."""
    if opening.tutor_id is not None:
        return [opening.tutor]  # type: ignore[list-item]
    return list(
        User.objects.filter(
            memberships__organisation_id=opening.host_id,
            memberships__role=Role.COMPANY_TUTOR,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


@transaction.atomic
def proposals_withdraw(*, person: Person, by: User) -> list[Proposal]:
    """Without the consent to share the profile with companies, nothing of the person may stay
    with a company: open proposals are withdrawn, with the placements they proposed that the host
    has not accepted yet, and the tutors are told (by code only)."""
    proposals = list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("opening", "placement")
        .filter(person=person)
        .filter(
            Q(status__in=Proposal.OPEN)
            | Q(status=Proposal.Status.PLACED, placement__status=Placement.Status.PROPOSED)
        )
    )
    for proposal in proposals:
        if proposal.placement is not None:
            proposal.placement.status = Placement.Status.WITHDRAWN
            proposal.placement.save(update_fields=["status", "updated_at"])
        proposal.status = Proposal.Status.WITHDRAWN
        proposal.decided_by = by
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        notify(
            recipients=opening_tutors(proposal.opening),
            text=in_district_language(
                _("The proposal of %(code)s for “%(opening)s” has been withdrawn."),
                code=person.code,
                opening=proposal.opening.title,
            ),
        )
    return proposals


def _tell_the_host_it_started(placement: Placement, opening_id: int) -> None:
    """The last step of a proposal: the host's tutors learn that the placement has started."""
    opening = Opening.objects.select_related("tutor").get(pk=opening_id)
    notify(
        recipients=opening_tutors(opening),
        text=in_district_language(
            _("The placement of %(code)s in “%(opening)s” has started."),
            code=placement.person.code,
            opening=opening.title,
        ),
        url=reverse("pathways:placement", args=[placement.code]),
    )
