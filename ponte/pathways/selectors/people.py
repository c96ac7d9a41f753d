"""Reads of the people: the caseloads (of a worker, of a referring service) with what is due,
the care team, the case workers of an organisation."""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ponte.network.models import Role, User
from ponte.network.selectors import organisations_where
from ponte.pathways.models import Consent, FollowUp, Person, Placement, Plan, Referral

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


def care_team_people(user: User) -> QuerySet[Person]:
    """The people whose care team the user is in (as case manager or added worker) and whom
    the user may still follow: only while holding an active case-worker membership in the
    organisation that follows the person. A role taken away, or a role at another
    organisation, gives nothing (docs/privacy.md, "Access follows active roles")."""
    in_team = Person.care_team.through.objects.filter(user_id=user.pk).values("person_id")
    return Person.objects.filter(
        Q(case_manager_id=user.pk) | Q(pk__in=in_team),
        organisation_id__in=organisations_where(user, Role.CASE_WORKER),
    )


def caseload_for_worker(user: User, *, query: str = "", on: date | None = None) -> QuerySet[Person]:
    """The people whose care team the user is in, with their level, current placement and what
    is due within DUE_WITHIN_DAYS days: one query, whatever the number of people."""
    day = on or date.today()
    horizon = day + timedelta(days=DUE_WITHIN_DAYS)
    people = care_team_people(user)
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
