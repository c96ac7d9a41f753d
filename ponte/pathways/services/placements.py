"""Writes of the services of the chain and of placements: proposing a placement and moving it
along its statuses (taking a place, ending with an outcome, scheduling the follow-ups)."""

from collections.abc import Iterable
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ponte.network.models import Organisation, User
from ponte.network.notifications import in_district_language, notify
from ponte.openings.models import Opening
from ponte.openings.selectors import opening_tutors
from ponte.pathways.models import (
    FollowUp,
    Level,
    LevelChange,
    Person,
    Placement,
    Service,
)
from ponte.pathways.services.assessments import level_change

ALLOWED_TRANSITIONS = {
    Placement.Status.PROPOSED: {Placement.Status.ACCEPTED, Placement.Status.WITHDRAWN},
    Placement.Status.ACCEPTED: {Placement.Status.ACTIVE, Placement.Status.WITHDRAWN},
    Placement.Status.ACTIVE: {Placement.Status.ENDED},
    Placement.Status.ENDED: set(),
    Placement.Status.WITHDRAWN: set(),
}


@transaction.atomic
def service_save(*, service: Service, levels: Iterable[Level]) -> Service:
    service.full_clean()
    service.save()
    service.levels.set(levels)
    return service


def free_places(place: Service | Opening) -> int:
    """The places of a service or an opening not held by an accepted or active placement."""
    taken = place.placements.filter(status__in=Placement.OCCUPYING).count()
    return place.places - taken


@transaction.atomic
def placement_propose(
    *,
    person: Person,
    by: User,
    planned_start: date,
    planned_end: date,
    hours_per_week: int,
    promoter: Organisation,
    service: Service | None = None,
    opening: Opening | None = None,
    tutor: User | None = None,
    agreement_reference: str = "",
) -> Placement:
    """Propose a placement in a service of the chain or in an opening (exactly one of them)."""
    if (service is None) == (opening is None):
        raise ValueError("A placement is in a service or in an opening.")
    if person.status != Person.Status.OPEN:
        raise ValidationError(_("Only a person with an open pathway can be placed."))
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("The placement cannot end before it starts.")})
    if opening is not None and opening.status != Opening.Status.OPEN:
        raise ValidationError(_("The opening is not open."))
    placement = Placement(
        person=person,
        service=service,
        opening=opening,
        planned_start=planned_start,
        planned_end=planned_end,
        hours_per_week=hours_per_week,
        promoter=promoter,
        host=service.provider if service is not None else opening.host,  # type: ignore[union-attr]
        tutor=tutor,
        agreement_reference=agreement_reference,
        proposed_by=by,
    )
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def placement_transition(
    *,
    placement: Placement,
    to: str,
    by: User,
    on: date | None = None,
    outcome: str = "",
    interruption_cause: str = "",
    interrupted_by: str = "",
    contract_type: str = "",
    contract_hours: int | None = None,
) -> Placement:
    """Move a placement along proposed → accepted → active → ended (or withdrawn before it
    starts). Taking a place locks the service row, so that two people can never take the last
    place at the same moment (on SQLite every write transaction is exclusive already)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    day = on or date.today()
    if to not in ALLOWED_TRANSITIONS[Placement.Status(placement.status)]:
        raise ValidationError(
            _("A placement that is %(current)s cannot become %(target)s.")
            % {
                "current": placement.get_status_display().lower(),
                "target": Placement.Status(to).label.lower(),
            }
        )
    if to in Placement.OCCUPYING and placement.status not in Placement.OCCUPYING:
        place = _locked_place(placement)
        if free_places(place) <= 0:
            raise ValidationError(_("%(service)s has no free places left.") % {"service": place})
    placement.status = to
    if to == Placement.Status.ACTIVE:
        placement.actual_start = day
    if to == Placement.Status.ENDED:
        _end(
            placement,
            day,
            outcome,
            interruption_cause,
            interrupted_by,
            contract_type,
            contract_hours,
        )
    placement.save()
    if to == Placement.Status.ENDED:
        _schedule_follow_ups(placement)
        if placement.outcome == Placement.Outcome.HIRED:
            hired_level = Level.objects.filter(number=4).first()
            if hired_level is not None and placement.person.level.number < hired_level.number:
                level_change(
                    person=placement.person,
                    to_level=hired_level,
                    cause=LevelChange.Cause.OUTCOME,
                    on=day,
                    by=by,
                )
    if to == Placement.Status.ACTIVE and placement.opening_id is not None:
        _tell_the_host_it_started(placement, placement.opening_id)
    return placement


def _locked_place(placement: Placement) -> Service | Opening:
    """The service or opening of a placement, its row locked until the transaction ends, so
    that two people can never take its last place at the same moment."""
    if placement.opening_id is not None:
        return Opening.objects.select_for_update().get(pk=placement.opening_id)
    return Service.objects.select_for_update().get(pk=placement.service_id or 0)


def _end(
    placement: Placement,
    day: date,
    outcome: str,
    interruption_cause: str,
    interrupted_by: str,
    contract_type: str,
    contract_hours: int | None,
) -> None:
    if placement.actual_start and day < placement.actual_start:
        raise ValidationError(_("The placement cannot end before it started."))
    if outcome not in Placement.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == Placement.Outcome.INTERRUPTED and not (
        interruption_cause.strip() and interrupted_by in Placement.Side.values
    ):
        raise ValidationError(_("Say why the placement was interrupted and on whose side."))
    if outcome == Placement.Outcome.HIRED and not (
        contract_type in Placement.Contract.values and contract_hours
    ):
        raise ValidationError(_("Give the contract type and the hours of the hiring."))
    placement.actual_end = day
    placement.outcome = outcome
    placement.interruption_cause = interruption_cause if outcome == "interrupted" else ""
    placement.interrupted_by = interrupted_by if outcome == "interrupted" else ""
    placement.contract_type = contract_type if outcome == "hired" else ""
    placement.contract_hours = contract_hours if outcome == "hired" else None


def _schedule_follow_ups(placement: Placement) -> None:
    assert placement.actual_end is not None
    FollowUp.objects.bulk_create(
        FollowUp(
            placement=placement,
            months=months,
            due_on=placement.actual_end + relativedelta(months=months),
        )
        for months in FollowUp.MONTHS
    )


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
