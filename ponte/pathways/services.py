"""Writes to pathways: keyword-only, atomic, validating. A ValidationError carries the message
the user sees; nothing is saved when one is raised."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

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
    Assessment,
    Attendance,
    Consent,
    DiaryNote,
    FollowUp,
    Goal,
    Instrument,
    Item,
    ItemScore,
    Level,
    LevelChange,
    Person,
    Placement,
    Plan,
    Referral,
    Service,
)
from ponte.pathways.rights.holders import company_sharing_ended
from ponte.pathways.selectors import has_consent

PLAN_REVIEW_MONTHS = 6

# Suggested level from the mean score (docs/domain.md, "Assessment"): m < 1.8 → 1, < 2.6 → 2,
# < 3.4 → 3, < 4.2 → 4, otherwise 5; an item scored 1 caps the suggestion at 2.
LEVEL_THRESHOLDS = (
    (Decimal("1.8"), 1),
    (Decimal("2.6"), 2),
    (Decimal("3.4"), 3),
    (Decimal("4.2"), 4),
)
CAP_WHEN_ANY_ITEM_IS_1 = 2


def suggested_level(scores: Iterable[int]) -> tuple[Decimal, int]:
    """The mean score (two decimals) and the level it suggests."""
    values = list(scores)
    if not values:
        raise ValidationError(_("Score at least one item."))
    if any(not 1 <= value <= 5 for value in values):
        raise ValidationError(_("Every score must be between 1 and 5."))
    mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    level = next((lvl for threshold, lvl in LEVEL_THRESHOLDS if mean < threshold), 5)
    if 1 in values:
        level = min(level, CAP_WHEN_ANY_ITEM_IS_1)
    return mean, level


def level_change(
    *,
    person: Person,
    to_level: Level,
    cause: str,
    on: date,
    by: User | None,
    note: str = "",
) -> LevelChange | None:
    """Record a change of level (nothing when the level stays the same)."""
    if person.level_id == to_level.pk:
        return None
    change = LevelChange.objects.create(
        person=person,
        from_level_id=person.level_id,
        to_level=to_level,
        cause=cause,
        changed_on=on,
        changed_by=by,
        note=note,
    )
    person.level = to_level
    person.save(update_fields=["level", "updated_at"])
    return change


# Referrals --------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    by: User,
    from_organisation: Organisation,
    to_organisation: Organisation,
    service_kind: str,
    reason: str,
    referred_on: date | None = None,
    person_fields: Mapping[str, Any],
) -> Referral:
    """A referring service refers a person to a member that runs pathways; the person is known
    to Ponte from now on, with the status "referred" and the lowest level."""
    person = Person(
        **person_fields,
        organisation=to_organisation,
        level=Level.objects.order_by("number").first(),
        status=Person.Status.REFERRED,
    )
    person.full_clean()
    person.save()
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        service_kind=service_kind,
        referred_by=by,
        referred_on=referred_on or date.today(),
        reason=reason,
    )
    referral.full_clean()
    referral.save()
    return referral


def _lock_referral(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().select_related("person").get(pk=referral.pk)
    if locked.status != Referral.Status.RECEIVED:
        raise ValidationError(_("This referral has already been decided."))
    return locked


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, case_manager: User, on: date | None = None
) -> Person:
    """Accepting opens the pathway: the person gets a case manager and a care team."""
    referral = _lock_referral(referral)
    day = on or date.today()
    referral.status = Referral.Status.ACCEPTED
    referral.decided_by = by
    referral.decided_on = day
    referral.save()
    person = referral.person
    person.status = Person.Status.OPEN
    person.case_manager = case_manager
    person.opened_on = day
    person.save()
    person.care_team.add(case_manager)
    LevelChange.objects.create(
        person=person,
        from_level=None,
        to_level_id=person.level_id,
        cause=LevelChange.Cause.INTAKE,
        changed_on=day,
        changed_by=by,
    )
    return person


@transaction.atomic
def referral_decline(
    *, referral: Referral, by: User, reason: str, note: str = "", on: date | None = None
) -> Referral:
    referral = _lock_referral(referral)
    if reason not in Referral.DeclineReason.values:
        raise ValidationError(_("Choose a reason for declining."))
    referral.status = Referral.Status.DECLINED
    referral.decline_reason = reason
    referral.decline_note = note
    referral.decided_by = by
    referral.decided_on = on or date.today()
    referral.save()
    person = referral.person
    person.status = Person.Status.DECLINED
    person.save(update_fields=["status", "updated_at"])
    return referral


# Consents ---------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    person: Person,
    purpose: str,
    given_on: date,
    document_reference: str,
    by: User,
    expires_on: date | None = None,
) -> Consent:
    consent = Consent(
        person=person,
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
        document_reference=document_reference,
        recorded_by=by,
    )
    if expires_on is not None and expires_on <= given_on:
        raise ValidationError({"expires_on": _("The expiry must come after the date given.")})
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, on: date | None = None) -> Consent:
    """Takes effect at once: every check of the purpose fails from this day on."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = on or date.today()
    if consent.withdrawn_on < consent.given_on:
        raise ValidationError(_("A consent cannot be withdrawn before it was given."))
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    if consent.purpose == Consent.Purpose.COMPANIES and not has_consent(
        consent.person, Consent.Purpose.COMPANIES, on=consent.withdrawn_on
    ):
        company_sharing_ended(person=consent.person, by=by)
    return consent


# Assessments ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    score: int
    icf_code: str = ""
    icf_qualifier: int | None = None


@transaction.atomic
def assessment_record(
    *,
    person: Person,
    by: User,
    assessed_on: date,
    setting: str,
    scores: Mapping[int, ScoreInput],
    instrument: Instrument | None = None,
    kind: str = Assessment.Kind.ASSESSMENT,
    placement: Placement | None = None,
    confirmed_level: Level | None = None,
    confirmation_reason: str = "",
    notes: str = "",
) -> Assessment:
    """Scores every item of the instrument (keyed by item id). A case worker's assessment
    confirms a level (with a reason when it differs from the suggestion) and records the change;
    a tutor's evaluation does not change the level."""
    instrument = instrument or Instrument.objects.get(is_default=True)
    items = list(Item.objects.filter(area__instrument=instrument))
    if {item.pk for item in items} != set(scores):
        raise ValidationError(_("Score every item of the instrument."))
    mean, suggestion = suggested_level(s.score for s in scores.values())
    if kind == Assessment.Kind.ASSESSMENT:
        if confirmed_level is None:
            raise ValidationError({"confirmed_level": _("Confirm the level.")})
        if confirmed_level.number != suggestion and not confirmation_reason.strip():
            raise ValidationError(
                {
                    "confirmation_reason": _(
                        "Explain why the confirmed level differs from the suggested one."
                    )
                }
            )
    elif placement is None:
        raise ValidationError(_("A tutor evaluation belongs to a placement."))
    assessment = Assessment(
        person=person,
        instrument=instrument,
        kind=kind,
        placement=placement,
        assessed_on=assessed_on,
        assessor=by,
        setting=setting,
        mean_score=mean,
        suggested_level=suggestion,
        confirmed_level=confirmed_level if kind == Assessment.Kind.ASSESSMENT else None,
        confirmation_reason=confirmation_reason,
        notes=notes,
    )
    assessment.full_clean()
    assessment.save()
    rows = [
        ItemScore(
            assessment=assessment,
            item_id=item_id,
            score=value.score,
            icf_code=value.icf_code,
            icf_qualifier=value.icf_qualifier,
        )
        for item_id, value in scores.items()
    ]
    # The items were checked against the instrument and the scores by suggested_level(): the
    # per-row check is only for the ICF fields, without a query per row.
    for row in rows:
        row.full_clean(
            exclude=["assessment", "item"], validate_unique=False, validate_constraints=False
        )
    ItemScore.objects.bulk_create(rows)
    if assessment.confirmed_level is not None:
        level_change(
            person=person,
            to_level=assessment.confirmed_level,
            cause=LevelChange.Cause.ASSESSMENT,
            on=assessed_on,
            by=by,
            note=confirmation_reason,
        )
    return assessment


# Individual plan --------------------------------------------------------------------------------


@transaction.atomic
def plan_write(
    *,
    person: Person,
    by: User,
    objectives: str,
    goals: Iterable[tuple[str, date | None]],
    next_review: date | None = None,
    signed_on: date | None = None,
) -> Plan:
    """A new version of the plan; earlier versions stay as they were."""
    goals = [(text.strip(), target) for text, target in goals if text.strip()]
    if not goals:
        raise ValidationError(_("Write at least one goal."))
    latest = Plan.objects.select_for_update().filter(person=person).order_by("-version").first()
    plan = Plan(
        person=person,
        version=(latest.version + 1) if latest else 1,
        objectives=objectives,
        next_review=next_review or date.today() + relativedelta(months=PLAN_REVIEW_MONTHS),
        signed_on=signed_on,
        written_by=by,
    )
    plan.full_clean()
    plan.save()
    Goal.objects.bulk_create(Goal(plan=plan, text=text, target_date=t) for text, t in goals)
    return plan


# Placements -------------------------------------------------------------------------------------

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


@transaction.atomic
def follow_up_record(
    *,
    follow_up: FollowUp,
    by: User,
    done_on: date,
    employed: bool,
    employer: str = "",
    contract_type: str = "",
) -> FollowUp:
    if done_on < follow_up.placement.actual_end:  # type: ignore[operator]
        raise ValidationError(_("A follow-up comes after the end of the placement."))
    if employed and not employer.strip():
        raise ValidationError({"employer": _("Who employs the person?")})
    follow_up.done_on = done_on
    follow_up.employed = employed
    follow_up.employer = employer if employed else ""
    follow_up.contract_type = contract_type if employed else ""
    follow_up.recorded_by = by
    follow_up.full_clean()
    follow_up.save()
    return follow_up


# Attendance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayInput:
    hours: Decimal
    absence: str = ""


def attendance_period(placement: Placement) -> tuple[date, date]:
    """The days on which attendance can be registered."""
    start = placement.actual_start or placement.planned_start
    end = placement.actual_end or placement.planned_end
    return start, end


@transaction.atomic
def attendance_record(
    *, placement: Placement, by: User, days: Mapping[date, DayInput | None]
) -> int:
    """Register (or clear, with None) the given days, all or nothing. Returns the days saved."""
    if placement.status not in (Placement.Status.ACTIVE, Placement.Status.ENDED):
        raise ValidationError(_("Attendance is registered once the placement is active."))
    start, end = attendance_period(placement)
    errors = []
    for day, entry in days.items():
        label = day.strftime("%d/%m/%Y")
        if not start <= day <= end:
            errors.append(
                _("%(day)s is outside the placement (%(start)s – %(end)s).")
                % {
                    "day": label,
                    "start": start.strftime("%d/%m/%Y"),
                    "end": end.strftime("%d/%m/%Y"),
                }
            )
        elif entry is not None:
            if not Decimal("0") <= entry.hours <= Decimal("12"):
                errors.append(_("%(day)s: hours must be between 0 and 12.") % {"day": label})
            if entry.absence and entry.hours > 0:
                errors.append(_("%(day)s: an absence cannot have hours present.") % {"day": label})
            if entry.absence and entry.absence not in Attendance.Absence.values:
                errors.append(_("%(day)s: unknown reason of absence.") % {"day": label})
            if not entry.absence and entry.hours == 0:
                errors.append(
                    _("%(day)s: give the hours present or the reason of absence.") % {"day": label}
                )
    if errors:
        raise ValidationError(errors)
    cleared = [day for day, entry in days.items() if entry is None]
    Attendance.objects.filter(placement=placement, day__in=cleared).delete()
    saved = 0
    for day, entry in days.items():
        if entry is None:
            continue
        Attendance.objects.update_or_create(
            placement=placement,
            day=day,
            defaults={"hours": entry.hours, "absence": entry.absence, "recorded_by": by},
        )
        saved += 1
    return saved


# Diary and care team ----------------------------------------------------------------------------


@transaction.atomic
def diary_write(
    *, person: Person, by: User, text: str, written_on: date | None = None
) -> DiaryNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = DiaryNote(
        person=person, author=by, text=text.strip(), written_on=written_on or date.today()
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def care_team_add(*, person: Person, user: User) -> None:
    person.care_team.add(user)


@transaction.atomic
def care_team_remove(*, person: Person, user: User) -> None:
    if user.pk == person.case_manager_id:
        raise ValidationError(_("The case manager stays in the care team."))
    person.care_team.remove(user)
