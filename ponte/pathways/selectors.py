"""Reusable reads of the pathways."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ponte.network.models import Role, User
from ponte.pathways.models import (
    Assessment,
    Consent,
    FollowUp,
    ItemScore,
    Person,
    Placement,
    Plan,
    Referral,
    Service,
)


def valid_consents(on: date | None = None) -> QuerySet[Consent]:
    """Consents in force on a day: given, not expired, not withdrawn."""
    day = on or date.today()
    return Consent.objects.filter(given_on__lte=day).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=day),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
    )


def has_consent(person: Person, purpose: str, on: date | None = None) -> bool:
    """Checked wherever data leaves the care team (docs/privacy.md, "Consents"): a withdrawn or
    expired consent stops the sharing it covered at once."""
    return valid_consents(on).filter(person=person, purpose=purpose).exists()


def people_with_consent(purpose: str, on: date | None = None) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=valid_consents(on).filter(purpose=purpose).values("person_id")
    )


def services_with_occupancy() -> QuerySet[Service]:
    """Services with `taken` (accepted or active placements) and `free_places` annotated."""
    return (
        Service.objects.select_related("provider", "municipality")
        .prefetch_related("levels")
        .annotate(taken=Count("placements", filter=Q(placements__status__in=Placement.OCCUPYING)))
        .annotate(free_places=Greatest(F("places") - F("taken"), Value(0)))
    )


# Person-centred pages: caseload, person page, timeline ------------------------------------------

DUE_WITHIN_DAYS = 30


# What counts as "due": the caseload's counters and the reminders use the same conditions.
def follow_up_due(horizon: date) -> Q:
    """Follow-ups not yet recorded, due by the horizon (overdue ones included)."""
    return Q(done_on__isnull=True, due_on__lte=horizon)


def consent_expiring(day: date, horizon: date) -> Q:
    """Consents in force today that expire by the horizon."""
    return Q(withdrawn_on__isnull=True, expires_on__gt=day, expires_on__lte=horizon)


def placement_ending(horizon: date) -> Q:
    """Placements holding a place whose planned end is by the horizon (or already past)."""
    return Q(status__in=(*Placement.OCCUPYING,), planned_end__lte=horizon)


def _count(queryset: QuerySet, group: str = "person_id") -> Coalesce:
    """The number of rows of a per-person subquery (filtered on OuterRef("pk")), as an
    annotation: one correlated subquery instead of a join that would multiply the rows."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _current_placements() -> QuerySet[Placement]:
    return Placement.objects.filter(
        person_id=OuterRef("pk"), status__in=(*Placement.OCCUPYING,)
    ).order_by("-planned_start", "-id")


def _with_current_placement(people: QuerySet[Person]) -> QuerySet[Person]:
    current = _current_placements()
    return people.annotate(
        current_service=Subquery(current.values("service__name")[:1]),
        current_placement_code=Subquery(current.values("code")[:1]),
    )


def caseload_for_worker(user: User, *, query: str = "", on: date | None = None) -> QuerySet[Person]:
    """The people whose care team the user is in, with their level, current placement and what
    is due within DUE_WITHIN_DAYS days: one query, whatever the number of people."""
    day = on or date.today()
    horizon = day + timedelta(days=DUE_WITHIN_DAYS)
    in_team = Person.care_team.through.objects.filter(user_id=user.pk).values("person_id")
    people = Person.objects.filter(Q(case_manager_id=user.pk) | Q(pk__in=in_team))
    if query:
        words = query.split()
        for word in words:
            people = people.filter(
                Q(code__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
    latest_plan = Plan.objects.filter(person_id=OuterRef("pk")).order_by("-version")
    people = _with_current_placement(people.select_related("level")).annotate(
        next_review=Subquery(latest_plan.values("next_review")[:1]),
        follow_ups_due=_count(
            FollowUp.objects.filter(follow_up_due(horizon), placement__person_id=OuterRef("pk")),
            group="placement__person_id",
        ),
        consents_expiring=_count(
            Consent.objects.filter(consent_expiring(day, horizon), person_id=OuterRef("pk"))
        ),
        placements_ending=_count(
            Placement.objects.filter(placement_ending(horizon), person_id=OuterRef("pk"))
        ),
    )
    return people.annotate(
        review_due=Case(
            When(next_review__lte=horizon, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        open_first=Case(When(status=Person.Status.OPEN, then=Value(0)), default=Value(1)),
    ).order_by("open_first", "code")


def referrals_awaiting_decision(organisation_id: int) -> QuerySet[Referral]:
    """Referrals received by an organisation that nobody has accepted or declined yet."""
    return (
        Referral.objects.filter(
            status=Referral.Status.RECEIVED, person__organisation_id=organisation_id
        )
        .select_related("person", "from_organisation")
        .order_by("referred_on", "id")
    )


def caseload_for_referrer(
    organisation_id: int, *, query: str = "", on: date | None = None
) -> QuerySet[Person]:
    """The people an organisation referred, with the status of its latest referral, their level
    and current placement: one query. Searched by code only (names are for the care team)."""
    sent = Referral.objects.filter(from_organisation_id=organisation_id)
    people = Person.objects.filter(pk__in=sent.values("person_id"))
    if query:
        people = people.filter(code__icontains=query.strip())
    latest = sent.filter(person_id=OuterRef("pk")).order_by("-referred_on", "-id")
    return (
        _with_current_placement(people.select_related("level"))
        .annotate(
            referral_status=Subquery(latest.values("status")[:1]),
            referred_on=Subquery(latest.values("referred_on")[:1]),
        )
        .order_by("-referred_on", "code")
    )


def consents_of(person: Person) -> list[Consent]:
    return list(person.consents.select_related("recorded_by").order_by("purpose", "-given_on"))


def assessments_of(person: Person) -> list[Assessment]:
    return list(
        person.assessments.select_related(
            "confirmed_level", "assessor", "placement__service", "placement__opening"
        )
    )


def assessment_with_scores(assessment: Assessment) -> list[ItemScore]:
    return list(assessment.scores.select_related("item__area"))


def latest_assessment(person: Person) -> Assessment | None:
    """The latest assessment of work functioning (not a tutor's evaluation)."""
    return (
        person.assessments.filter(kind=Assessment.Kind.ASSESSMENT)
        .select_related("confirmed_level")
        .order_by("-assessed_on", "-id")
        .first()
    )


def functional_profile(person: Person) -> dict[str, Any]:
    """What is shown of a person outside the care team (docs/privacy.md, "Terms": a company
    tutor, the Tavolo Tecnico): level, the items of the latest assessment, skills, availability
    and municipality; never names, basis of disadvantage or diary."""
    assessment = latest_assessment(person)
    return {
        "person": person,
        "assessment": assessment,
        "scores": assessment_with_scores(assessment) if assessment else [],
    }


def latest_plan(person: Person) -> Plan | None:
    return person.plans.prefetch_related("goals").order_by("-version").first()


def plans_of(person: Person) -> list[Plan]:
    return list(
        person.plans.select_related("written_by")
        .annotate(n_goals=Count("goals"))
        .order_by("-version")
    )


def placements_of(person: Person) -> list[Placement]:
    return list(
        person.placements.select_related("service", "opening", "host").order_by(
            "-planned_start", "-id"
        )
    )


def care_team_of(person: Person) -> list[User]:
    """The case manager first, then the workers added to the care team."""
    members = list(person.care_team.order_by("last_name", "first_name"))
    members.sort(key=lambda u: u.pk != person.case_manager_id)
    return members


def case_workers_of(organisation_id: int) -> QuerySet[User]:
    """Users acting as case workers of an organisation (active roles only)."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=Role.CASE_WORKER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass(frozen=True)
class ScorePoint:
    """One assessment or evaluation on the chart: its mean and the mean of each area."""

    assessment_id: int
    code: str
    day: date
    kind: str
    mean: Decimal
    areas: dict[str, Decimal]


def score_series(person: Person) -> tuple[list[str], list[ScorePoint]]:
    """The area names (in the instrument's order) and the points of every assessment and tutor
    evaluation of a person, oldest first: one query."""
    rows = (
        ItemScore.objects.filter(assessment__person=person)
        .values(
            "assessment_id",
            "assessment__code",
            "assessment__assessed_on",
            "assessment__kind",
            "assessment__mean_score",
            "item__area__order",
            "item__area__name",
        )
        .annotate(area_mean=Avg("score"))
        .order_by("assessment__assessed_on", "assessment_id", "item__area__order")
    )
    areas: list[str] = []
    points: dict[int, ScorePoint] = {}
    for row in rows:
        area = row["item__area__name"]
        if area not in areas:
            areas.append(area)
        point = points.get(row["assessment_id"])
        if point is None:
            point = points[row["assessment_id"]] = ScorePoint(
                assessment_id=row["assessment_id"],
                code=row["assessment__code"],
                day=row["assessment__assessed_on"],
                kind=row["assessment__kind"],
                mean=row["assessment__mean_score"],
                areas={},
            )
        point.areas[area] = Decimal(str(row["area_mean"])).quantize(Decimal("0.01"))
    return areas, list(points.values())


# Timeline ---------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    REFERRAL = "referral", gettext_lazy("Referral")
    CONSENT = "consent", gettext_lazy("Consents")
    ASSESSMENT = "assessment", gettext_lazy("Assessments")
    EVALUATION = "evaluation", gettext_lazy("Tutor evaluations")
    PLAN = "plan", gettext_lazy("Individual plan")
    PLACEMENT = "placement", gettext_lazy("Placements")
    LEVEL = "level", gettext_lazy("Level changes")
    FOLLOW_UP = "follow_up", gettext_lazy("Follow-ups")
    DIARY = "diary", gettext_lazy("Diary")


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    # Ties on the same day: later steps of the same story first (e.g. "ended" before "started").
    order: int = 0

    @property
    def kind_label(self) -> str:
        return str(EventKind(self.kind).label)


def timeline(
    person: Person,
    *,
    kinds: Iterable[str] | None = None,
    with_diary: bool = False,
    on: date | None = None,
) -> list[TimelineEvent]:
    """Everything that happened in a person's pathway, newest first: one query per kind of
    event, whatever the number of events. The diary only when with_diary (the care team)."""
    wanted = set(kinds or EventKind.values)
    if not with_diary:
        wanted.discard(EventKind.DIARY)
    day = on or date.today()
    events: list[TimelineEvent] = []
    builders = {
        EventKind.REFERRAL: _referral_events,
        EventKind.CONSENT: _consent_events,
        EventKind.PLAN: _plan_events,
        EventKind.PLACEMENT: _placement_events,
        EventKind.LEVEL: _level_events,
        EventKind.FOLLOW_UP: _follow_up_events,
        EventKind.DIARY: _diary_events,
    }
    if wanted & {EventKind.ASSESSMENT, EventKind.EVALUATION}:
        events += _assessment_events(person, wanted)
    for kind, build in builders.items():
        if kind in wanted:
            events += build(person, day)
    events.sort(key=lambda e: (e.day, e.order), reverse=True)
    return events


def _referral_events(person: Person, day: date) -> list[TimelineEvent]:
    events = []
    for referral in person.referrals.select_related("from_organisation"):
        events.append(
            TimelineEvent(
                referral.referred_on,
                EventKind.REFERRAL,
                _("Referred by %(organisation)s (%(service)s)")
                % {
                    "organisation": referral.from_organisation.name,
                    "service": referral.get_service_kind_display(),
                },
            )
        )
        if referral.decided_on:
            if referral.status == Referral.Status.ACCEPTED:
                title = _("Referral accepted: the pathway is open")
                detail = ""
            else:
                title = _("Referral declined")
                detail = referral.get_decline_reason_display()
            events.append(
                TimelineEvent(referral.decided_on, EventKind.REFERRAL, title, detail, order=1)
            )
    return events


def _consent_events(person: Person, day: date) -> list[TimelineEvent]:
    events = []
    for consent in person.consents.all():
        purpose = consent.get_purpose_display()
        detail = (
            _("Until %(date)s") % {"date": date_format(consent.expires_on)}
            if consent.expires_on
            else ""
        )
        events.append(
            TimelineEvent(
                consent.given_on,
                EventKind.CONSENT,
                _("Consent given: %(purpose)s") % {"purpose": purpose},
                detail,
            )
        )
        if consent.withdrawn_on:
            events.append(
                TimelineEvent(
                    consent.withdrawn_on,
                    EventKind.CONSENT,
                    _("Consent withdrawn: %(purpose)s") % {"purpose": purpose},
                    order=1,
                )
            )
        elif consent.expires_on and consent.expires_on <= day:
            events.append(
                TimelineEvent(
                    consent.expires_on,
                    EventKind.CONSENT,
                    _("Consent expired: %(purpose)s") % {"purpose": purpose},
                    order=1,
                )
            )
    return events


def _assessment_events(person: Person, wanted: set[str]) -> list[TimelineEvent]:
    kinds = []
    if EventKind.ASSESSMENT in wanted:
        kinds.append(Assessment.Kind.ASSESSMENT)
    if EventKind.EVALUATION in wanted:
        kinds += [Assessment.Kind.MIDTERM, Assessment.Kind.FINAL]
    events = []
    for assessment in person.assessments.filter(kind__in=kinds).select_related(
        "confirmed_level", "placement__service", "placement__opening"
    ):
        is_assessment = assessment.kind == Assessment.Kind.ASSESSMENT
        mean = number_format(assessment.mean_score, 2)
        if is_assessment:
            detail = _(
                "Mean score %(mean)s, suggested level %(suggested)s, confirmed %(level)s"
            ) % {
                "mean": mean,
                "suggested": assessment.suggested_level,
                "level": assessment.confirmed_level,
            }
        else:
            detail = _("Mean score %(mean)s, suggested level %(suggested)s") % {
                "mean": mean,
                "suggested": assessment.suggested_level,
            }
        if not is_assessment and assessment.placement:
            detail = f"{assessment.placement.place} · {detail}"
        events.append(
            TimelineEvent(
                assessment.assessed_on,
                EventKind.ASSESSMENT if is_assessment else EventKind.EVALUATION,
                assessment.get_kind_display(),
                detail,
                url=reverse("pathways:assessment", args=[assessment.code]),
            )
        )
    return events


def _plan_events(person: Person, day: date) -> list[TimelineEvent]:
    events = []
    for plan in person.plans.annotate(n_goals=Count("goals")):
        title = _("Individual plan, version %(version)s") % {"version": plan.version}
        detail = ngettext("%(n)s goal", "%(n)s goals", plan.n_goals) % {"n": plan.n_goals}
        detail += " · " + _("next review %(date)s") % {"date": date_format(plan.next_review)}
        events.append(
            TimelineEvent(
                plan.created_at.date(),
                EventKind.PLAN,
                title,
                detail,
                url=reverse("pathways:plan_version", args=[person.code, plan.version]),
            )
        )
        if plan.signed_on:
            events.append(
                TimelineEvent(
                    plan.signed_on,
                    EventKind.PLAN,
                    _("Plan version %(version)s signed by the person") % {"version": plan.version},
                    order=1,
                )
            )
    return events


def _placement_events(person: Person, day: date) -> list[TimelineEvent]:
    placements = person.placements.select_related("service", "opening").annotate(
        hours_present=Sum("attendance__hours"),
        days_absent=Count("attendance", filter=~Q(attendance__absence="")),
        last_attendance=Max("attendance__day"),
    )
    events = []
    for placement in placements:
        url = reverse("pathways:placement", args=[placement.code])
        name = str(placement.place)
        start = placement.actual_start or placement.planned_start
        events.append(
            TimelineEvent(
                start,
                EventKind.PLACEMENT,
                _("Placement in %(service)s: %(status)s")
                % {"service": name, "status": placement.get_status_display().lower()},
                _("Planned %(start)s – %(end)s, %(hours)s hours a week")
                % {
                    "start": date_format(placement.planned_start),
                    "end": date_format(placement.planned_end),
                    "hours": placement.hours_per_week,
                },
                url=url,
            )
        )
        if placement.hours_present is not None:
            totals = _("Attendance: %(hours)s hours present, %(days)s days absent") % {
                "hours": number_format(placement.hours_present, 2),
                "days": placement.days_absent,
            }
            events.append(
                TimelineEvent(
                    placement.last_attendance,
                    EventKind.PLACEMENT,
                    _("Attendance in %(service)s") % {"service": name},
                    totals,
                    url=url,
                    order=1,
                )
            )
        if placement.actual_end:
            outcome = placement.get_outcome_display()
            if placement.outcome == Placement.Outcome.HIRED:
                outcome += f" ({placement.get_contract_type_display()})"
            elif placement.outcome == Placement.Outcome.INTERRUPTED:
                outcome += f" ({placement.interruption_cause})"
            events.append(
                TimelineEvent(
                    placement.actual_end,
                    EventKind.PLACEMENT,
                    _("Placement in %(service)s ended") % {"service": name},
                    outcome,
                    url=url,
                    order=2,
                )
            )
    return events


def _level_events(person: Person, day: date) -> list[TimelineEvent]:
    events = []
    for change in person.level_changes.select_related("from_level", "to_level"):
        if change.from_level is None:
            title = _("Level %(to)s") % {"to": change.to_level}
        else:
            title = _("Level %(from)s → %(to)s") % {
                "from": change.from_level,
                "to": change.to_level,
            }
        events.append(
            TimelineEvent(
                change.changed_on,
                EventKind.LEVEL,
                title,
                change.get_cause_display(),
                order=3,
            )
        )
    return events


def _follow_up_events(person: Person, day: date) -> list[TimelineEvent]:
    events = []
    follow_ups = FollowUp.objects.filter(placement__person=person).select_related(
        "placement__service", "placement__opening"
    )
    for follow_up in follow_ups:
        name = str(follow_up.placement.place)
        title = _("Follow-up %(months)s months after %(service)s") % {
            "months": follow_up.months,
            "service": name,
        }
        url = reverse("pathways:placement", args=[follow_up.placement.code])
        if follow_up.done_on:
            if follow_up.employed:
                detail = _("Employed by %(employer)s") % {"employer": follow_up.employer}
                if follow_up.contract_type:
                    detail += f" ({follow_up.get_contract_type_display()})"
            else:
                detail = _("Not employed")
            events.append(TimelineEvent(follow_up.done_on, EventKind.FOLLOW_UP, title, detail, url))
        elif follow_up.due_on <= day:
            events.append(
                TimelineEvent(
                    follow_up.due_on, EventKind.FOLLOW_UP, title, _("Due, not recorded yet"), url
                )
            )
    return events


def _diary_events(person: Person, day: date) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            note.written_on,
            EventKind.DIARY,
            _("Diary note by %(author)s") % {"author": note.author},
            note.text,
        )
        for note in person.diary.select_related("author")
    ]


# Consents on the person page --------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    # "valid", "expired", "withdrawn" or "future".
    state: str


@dataclass(frozen=True)
class PurposeConsents:
    purpose: str
    label: str
    in_force: bool
    rows: list[ConsentRow]


def consent_state(consent: Consent, day: date) -> str:
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return "withdrawn"
    if consent.expires_on is not None and consent.expires_on <= day:
        return "expired"
    if consent.given_on > day:
        return "future"
    return "valid"


def consents_by_purpose(person: Person, on: date | None = None) -> list[PurposeConsents]:
    """Every purpose of Consent.Purpose, with the person's consents for it (newest first) and
    whether one is in force today: one query."""
    day = on or date.today()
    consents = consents_of(person)
    result = []
    for purpose, label in Consent.Purpose.choices:
        rows = [
            ConsentRow(consent, consent_state(consent, day))
            for consent in consents
            if consent.purpose == purpose
        ]
        result.append(
            PurposeConsents(
                purpose=purpose,
                label=str(label),
                in_force=any(row.state == "valid" for row in rows),
                rows=rows,
            )
        )
    return result
