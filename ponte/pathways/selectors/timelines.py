"""Reads of a person's timeline: everything that happened in the pathway, newest first."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ponte.pathways.models import Assessment, FollowUp, Person, Placement, Referral


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
    referrals_from: int | None = None,
) -> list[TimelineEvent]:
    """Everything that happened in a person's pathway, newest first: one query per kind of
    event, whatever the number of events. The diary only when with_diary (the care team);
    given referrals_from (an organisation's id), only that organisation's referrals: a
    referring service does not learn who else referred the person."""
    wanted = set(kinds or EventKind.values)
    if not with_diary:
        wanted.discard(EventKind.DIARY)
    day = on or date.today()
    events: list[TimelineEvent] = []
    builders = {
        EventKind.CONSENT: _consent_events,
        EventKind.PLAN: _plan_events,
        EventKind.PLACEMENT: _placement_events,
        EventKind.LEVEL: _level_events,
        EventKind.FOLLOW_UP: _follow_up_events,
        EventKind.DIARY: _diary_events,
    }
    if wanted & {EventKind.ASSESSMENT, EventKind.EVALUATION}:
        events += _assessment_events(person, wanted)
    if EventKind.REFERRAL in wanted:
        events += _referral_events(person, day, referrals_from)
    for kind, build in builders.items():
        if kind in wanted:
            events += build(person, day)
    events.sort(key=lambda e: (e.day, e.order), reverse=True)
    return events


def _referral_events(
    person: Person, day: date, from_organisation_id: int | None = None
) -> list[TimelineEvent]:
    events = []
    referrals = person.referrals.select_related("from_organisation")
    if from_organisation_id is not None:
        referrals = referrals.filter(from_organisation_id=from_organisation_id)
    for referral in referrals:
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
