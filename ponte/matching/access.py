"""Who may see what of proposals and candidates (docs/privacy.md, "Company tutors"). A company
tutor knows a candidate only as a functional profile, only for the proposals made to their
organisation's openings, and only while the person consents to sharing it with companies; a case
worker sees the people of their care team, with names."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from ponte.matching.models import Proposal
from ponte.network.access import acting_organisation_id, current_role, is_coordinator
from ponte.network.models import Role, User
from ponte.pathways.access import care_team_people, is_in_care_team
from ponte.pathways.models import Consent, Placement
from ponte.pathways.selectors import has_consent, people_with_consent


@dataclass(frozen=True)
class ProposalAccess:
    proposal: Proposal
    # The host's tutor: answers the proposal and accepts the placement; sees a functional
    # profile only.
    is_tutor: bool
    # The person's care team: withdraws the proposal and proposes the placement.
    is_care_team: bool


def proposals_for_tutor(organisation_id: int) -> QuerySet[Proposal]:
    """The proposals a host's tutor may know: to the host's openings, not withdrawn, and only
    while the person consents to sharing the profile (an expired consent hides them too)."""
    return (
        Proposal.objects.filter(opening__host_id=organisation_id)
        .exclude(status=Proposal.Status.WITHDRAWN)
        .filter(person__in=people_with_consent(Consent.Purpose.COMPANIES))
    )


def tutor_sees_profile(proposal: Proposal) -> bool:
    """The host's tutor reads the functional profile (and the explained score, which is made of
    it) while the proposal is open, and while the placement it led to has not ended; a declined
    proposal or an ended placement gives the host nothing new (docs/privacy.md, "Company tutors,
    field by field"). The *companies* consent is checked before: without it the tutor does not
    know the proposal at all."""
    if proposal.status in Proposal.OPEN:
        return True
    placement = proposal.placement
    return (
        proposal.status == Proposal.Status.PLACED
        and placement is not None
        and placement.status
        in (Placement.Status.PROPOSED, Placement.Status.ACCEPTED, Placement.Status.ACTIVE)
    )


def proposals_for_care_team(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(person__in=care_team_people(user).values("pk"))


def get_proposal_for_user(
    request: HttpRequest, code: str, *, as_tutor: bool | None = None
) -> ProposalAccess:
    """404 for whoever may not know the proposal; 403 when `as_tutor` asks for the side the user
    is not on (True: the tutor's steps, False: the care team's)."""
    proposal = (
        Proposal.objects.select_related(
            "opening__host",
            "opening__min_level",
            "person__level",
            "person__municipality",
            "proposed_by",
            "placement",
        )
        .filter(code=code)
        .first()
    )
    if proposal is None or not request.user.is_authenticated:
        raise Http404
    role = current_role(request)
    access: ProposalAccess | None = None
    if role == Role.CASE_WORKER and is_in_care_team(request.user, proposal.person):
        access = ProposalAccess(proposal, is_tutor=False, is_care_team=True)
    elif (
        role == Role.COMPANY_TUTOR
        and proposal.opening.host_id == acting_organisation_id(request)
        and proposal.status != Proposal.Status.WITHDRAWN
        and has_consent(proposal.person, Consent.Purpose.COMPANIES)
    ):
        access = ProposalAccess(proposal, is_tutor=True, is_care_team=False)
    if access is None:
        raise Http404
    if as_tutor is True and not access.is_tutor:
        raise PermissionDenied
    if as_tutor is False and not access.is_care_team:
        raise PermissionDenied
    return access


# Who sits at a Tavolo Tecnico: governance, a later app, tells (GovernanceConfig.ready()); until
# it does, nobody.
_TECHNICAL_TABLE_SEAT: list[Callable[[User], bool]] = []


def register_technical_table_seat(sits: Callable[[User], bool]) -> None:
    _TECHNICAL_TABLE_SEAT[:] = [sits]


def can_use_assignment(request: HttpRequest) -> bool:
    """The optimal assignment acts for the Tavolo Tecnico: for the coordinator and for whoever
    holds a seat at a technical table now (docs/privacy.md, "Access follows active roles"), not
    for every holder of a table-member or case-worker role."""
    if is_coordinator(request):
        return True
    user = request.user
    return user.is_authenticated and any(sits(user) for sits in _TECHNICAL_TABLE_SEAT)
