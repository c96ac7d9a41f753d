"""The proposal workflow (issue: openings and matching): a case worker proposes a candidate to
an opening → the tutor accepts an interview or declines with a coded reason → the case worker
proposes the placement → the tutor accepts it → the care team starts it. Each step notifies the
other side in Ponte and by email, naming the person by code only.

Consent is checked here, not only in the views: without the consent to share the functional
profile with companies no proposal can be made (and withdrawing it withdraws open proposals,
proposals_withdraw, run by pathways.services.consent_withdraw and the erasure through
pathways/rights/holders.py)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.matching.models import Proposal, Weights
from ponte.network.models import Organisation, User
from ponte.network.notifications import in_district_language, notify
from ponte.openings.models import Opening
from ponte.openings.selectors import opening_tutors
from ponte.pathways import services as pathway_services
from ponte.pathways.models import Consent, Person, Placement
from ponte.pathways.selectors import has_consent


def _one_decimal(score: Decimal | float | None) -> Decimal | None:
    if score is None:
        return None
    return Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _link(proposal: Proposal) -> str:
    return reverse("matching:proposal", args=[proposal.code])


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update().select_related("opening", "person").get(pk=proposal.pk)
    )


def _refuse_unless(proposal: Proposal, *statuses: str) -> None:
    if proposal.status not in statuses:
        raise ValidationError(
            _("This proposal is %(status)s: it cannot take this step.")
            % {"status": proposal.get_status_display().lower()}
        )


@transaction.atomic
def proposal_create(
    *,
    opening: Opening,
    person: Person,
    by: User,
    note: str = "",
    score: Decimal | float | None = None,
) -> Proposal:
    """Propose a person of the care team to an opening's tutor."""
    person = Person.objects.select_for_update().select_related("level").get(pk=person.pk)
    if not has_consent(person, Consent.Purpose.COMPANIES):
        raise ValidationError(
            _(
                "%(code)s has not consented to sharing the functional profile with companies "
                "(or the consent has expired or was withdrawn): the proposal cannot be made."
            )
            % {"code": person.code}
        )
    if opening.status != Opening.Status.OPEN:
        raise ValidationError(_("The opening is not open: no proposal can be made."))
    if person.status != Person.Status.OPEN:
        raise ValidationError(_("Only a person with an open pathway can be proposed."))
    if person.level.number < opening.min_level.number:
        raise ValidationError(
            _("%(code)s is at level %(level)s; the opening asks for level %(minimum)s at least.")
            % {
                "code": person.code,
                "level": person.level.number,
                "minimum": opening.min_level.number,
            }
        )
    if Proposal.objects.filter(opening=opening, person=person, status__in=Proposal.OPEN).exists():
        raise ValidationError(
            _("%(code)s has already been proposed for this opening.") % {"code": person.code}
        )
    proposal = Proposal.objects.create(
        opening=opening,
        person=person,
        proposed_by=by,
        note=note,
        score=_one_decimal(score),
    )
    notify(
        recipients=opening_tutors(opening),
        text=in_district_language(
            _("A candidate has been proposed for “%(opening)s”: %(code)s."),
            opening=opening.title,
            code=person.code,
        ),
        url=_link(proposal),
    )
    return proposal


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, by: User, interview: bool, reason: str = "", note: str = ""
) -> Proposal:
    """The tutor accepts an interview, or declines with a coded reason (and maybe a note) —
    before or after the interview."""
    proposal = _locked(proposal)
    if interview:
        _refuse_unless(proposal, Proposal.Status.PROPOSED)
        proposal.status = Proposal.Status.INTERVIEW
        message = _("The tutor of “%(opening)s” would like to meet %(code)s for an interview.")
    else:
        _refuse_unless(proposal, *Proposal.OPEN)
        if reason not in Proposal.DeclineReason.values:
            raise ValidationError({"reason": _("Choose the reason for declining.")})
        proposal.status = Proposal.Status.DECLINED
        proposal.decline_reason = reason
        proposal.decline_note = note
        message = _("The tutor of “%(opening)s” has declined %(code)s.")
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    notify(
        recipients=[proposal.proposed_by],
        text=in_district_language(
            message, opening=proposal.opening.title, code=proposal.person.code
        ),
        url=_link(proposal),
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    """The case worker withdraws a proposal that is still open."""
    proposal = _locked(proposal)
    _refuse_unless(proposal, *Proposal.OPEN)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    notify(
        recipients=opening_tutors(proposal.opening),
        text=in_district_language(
            _("The proposal of %(code)s for “%(opening)s” has been withdrawn."),
            code=proposal.person.code,
            opening=proposal.opening.title,
        ),
    )
    return proposal


@transaction.atomic
def proposal_place(
    *,
    proposal: Proposal,
    by: User,
    planned_start: date,
    planned_end: date,
    hours_per_week: int,
    promoter: Organisation,
    agreement_reference: str = "",
) -> Placement:
    """After the interview, the case worker proposes the placement in the opening; the host's
    tutor then accepts it (which takes one of the opening's places)."""
    proposal = _locked(proposal)
    _refuse_unless(proposal, Proposal.Status.INTERVIEW)
    if not has_consent(proposal.person, Consent.Purpose.COMPANIES):
        raise ValidationError(
            _("%(code)s no longer consents to sharing the profile with companies.")
            % {"code": proposal.person.code}
        )
    opening = proposal.opening
    placement = pathway_services.placement_propose(
        person=proposal.person,
        opening=opening,
        by=by,
        planned_start=planned_start,
        planned_end=planned_end,
        hours_per_week=hours_per_week,
        promoter=promoter,
        tutor=opening.tutor,
        agreement_reference=agreement_reference,
    )
    proposal.status = Proposal.Status.PLACED
    proposal.placement = placement
    proposal.save()
    notify(
        recipients=opening_tutors(opening),
        text=in_district_language(
            _("A placement of %(code)s in “%(opening)s” is proposed: please accept it."),
            code=proposal.person.code,
            opening=opening.title,
        ),
        url=_link(proposal),
    )
    return placement


@transaction.atomic
def proposal_accept_placement(*, proposal: Proposal, by: User) -> Placement:
    """The host's tutor accepts the proposed placement: it takes a place of the opening (never
    more than its places, see pathways.services.placement_transition)."""
    proposal = _locked(proposal)
    _refuse_unless(proposal, Proposal.Status.PLACED)
    if proposal.placement is None or proposal.placement.status != Placement.Status.PROPOSED:
        raise ValidationError(_("There is no placement waiting to be accepted."))
    placement = pathway_services.placement_transition(
        placement=proposal.placement, to=Placement.Status.ACCEPTED, by=by
    )
    notify(
        recipients=[proposal.proposed_by],
        text=in_district_language(
            _("The host has accepted the placement of %(code)s in “%(opening)s”."),
            code=proposal.person.code,
            opening=proposal.opening.title,
        ),
        url=reverse("pathways:placement", args=[placement.code]),
    )
    return placement


@transaction.atomic
def proposals_withdraw(*, person: Person, by: User | None) -> list[Proposal]:
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


@transaction.atomic
def weights_save(*, weights: Weights) -> Weights:
    weights.full_clean()
    weights.save()
    return weights
