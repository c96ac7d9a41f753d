"""The indicators of docs/domain.md ("Indicators"), computed for a scope (a period, optionally a
valley, some sub-projects, only the people who consent to statistics). Every report surface
(dashboard, funder reports, open data, API) reads them here.

Each computation is a handful of aggregate queries whatever the volume of data: counts and sums
happen in the database (values().annotate(), conditional aggregates); Python only arranges the
few resulting rows into a table. Each indicator states its dimension of "Welfare Km zero".

Suppression: what leaves the care team goes through the one rule of ponte.core.suppression
(`suppressed`, over the `Table` every indicator returns): each table declares
its totals, the figures that contain others and its derived columns, so that the rule can hide
whatever would give a small count away."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ponte.core.suppression import Table, is_small
from ponte.marketplace.models import Exchange
from ponte.network.models import Organisation, Valley
from ponte.openings.models import Opening
from ponte.pathways.attendance import WORKING_DAYS_PER_WEEK
from ponte.pathways.models import (
    Attendance,
    Consent,
    FollowUp,
    Level,
    LevelChange,
    Person,
    Placement,
    Referral,
    Service,
)
from ponte.projects.computations import (
    COMPUTATIONS,
    FEW_PLACEMENTS,
    compute,
    linkable_filter,
    placements_in_period,
)
from ponte.projects.models import BudgetLine, IndicatorValue, SubProject
from ponte.projects.models import Indicator as ProjectIndicator
from ponte.projects.selectors import counted_period, indicator_status, percent, progress

ZERO = Decimal("0")
CENT = Decimal("0.01")
Dimension = ProjectIndicator.Dimension

# Internships, for the employment rate: the internship kinds of openings and of services.
INTERNSHIP_OPENINGS = (Opening.Kind.TIS, Opening.Kind.EXTRACURRICULAR)
INTERNSHIP_SERVICES = (Service.Kind.COOP_INTERNSHIP,)
EMPLOYMENT_MONTHS = (1, 3, 6)
# A placement is under way (attendance can be registered) once active; ended ones were.
UNDER_WAY = (Placement.Status.ACTIVE, Placement.Status.ENDED)


@dataclass(frozen=True)
class Scope:
    start: date  # inclusive
    end: date  # inclusive
    valley: Valley | None = None  # people/organisations in the valley's municipalities
    subprojects: tuple[SubProject, ...] = ()  # placements in their linked services/openings
    # True for what leaves the district (open data, funder reports): only people whose
    # "statistics" consent is in force on the end date are counted.
    statistics_consent_only: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The end of a scope cannot come before its start.")


@dataclass(frozen=True)
class Indicator:
    key: str  # stable slug, e.g. "people_in_charge"
    title: str | Promise
    dimension: str  # a value of ponte.projects.models.Indicator.Dimension
    unit: str | Promise
    definition: str | Promise  # the docs/domain.md definition, in words
    compute: Callable[[Scope], Table]

    @property
    def dimension_label(self) -> str:
        return str(Dimension(self.dimension).label)


# Scope filters -----------------------------------------------------------------------------------


def consenting_people(day: date) -> QuerySet[Consent, Any]:
    """The ids of the people whose consent to statistics is in force on the day (the same rule
    as Consent.is_valid_on)."""
    return Consent.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=day),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        purpose=Consent.Purpose.STATISTICS,
        given_on__lte=day,
    ).values("person_id")


def linked_filter(subprojects: Iterable[SubProject], prefix: str = "") -> Q:
    """Placements (prefix "" on Placement) in the linked services and openings of any of the
    sub-projects: as projects.computations.linked_placements, with one subquery on each link
    table whatever the number of sub-projects, which the database reads once."""
    return Q(**{f"{prefix}service__in": linked_services(subprojects)}) | Q(
        **{f"{prefix}opening__in": linked_openings(subprojects)}
    )


def linked_services(subprojects: Iterable[SubProject]) -> QuerySet[Any, Any]:
    """The ids of the services the sub-projects link, of their lead or a partner (as
    projects.computations.linked_placements)."""
    ids = [subproject.pk for subproject in subprojects]
    return (
        SubProject.services.through.objects.filter(subproject__in=ids)
        .filter(linkable_filter("service__provider"))
        .values("service_id")
    )


def linked_openings(subprojects: Iterable[SubProject]) -> QuerySet[Any, Any]:
    """The ids of the openings the sub-projects link, of their lead or a partner."""
    ids = [subproject.pk for subproject in subprojects]
    return (
        SubProject.openings.through.objects.filter(subproject__in=ids)
        .filter(linkable_filter("opening__host"))
        .values("opening_id")
    )


def scope_placements(scope: Scope) -> QuerySet[Placement]:
    """The placements in the scope's sub-projects (their linked services and openings), or all
    placements when the scope names no sub-project."""
    if not scope.subprojects:
        return Placement.objects.all()
    return Placement.objects.filter(linked_filter(scope.subprojects))


def people_filter(scope: Scope, prefix: str = "", *, by_subproject: bool = True) -> Q:
    """The scope's conditions on people, for a query on Person (prefix "") or on a model that
    points to one (prefix "person__"): the valley of their municipality, the consent to
    statistics, and a placement in the scope's sub-projects."""
    where = Q()
    if scope.valley is not None:
        where &= Q(**{f"{prefix}municipality__valley": scope.valley})
    if scope.statistics_consent_only:
        where &= Q(**{f"{prefix}pk__in": consenting_people(scope.end)})
    if by_subproject and scope.subprojects:
        where &= Q(**{f"{prefix}pk__in": scope_placements(scope).values("person_id")})
    return where


def placements_filter(scope: Scope, prefix: str = "") -> Q:
    """The scope's conditions on placements: in its sub-projects, of people in its valley and
    consenting when required."""
    where = people_filter(scope, f"{prefix}person__", by_subproject=False)
    if scope.subprojects:
        where &= linked_filter(scope.subprojects, prefix)
    return where


def placements_in(scope: Scope) -> QuerySet[Placement]:
    return Placement.objects.filter(placements_filter(scope))


def subprojects_in(scope: Scope) -> QuerySet[SubProject]:
    """The sub-projects running in the period (the scope's own, when it names some), of a lead
    organisation in the valley."""
    found = SubProject.objects.filter(starts_on__lte=scope.end, ends_on__gte=scope.start)
    if scope.subprojects:
        found = found.filter(pk__in=[s.pk for s in scope.subprojects])
    if scope.valley is not None:
        found = found.filter(lead__municipality__valley=scope.valley)
    return found


# Helpers ------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole in per cent, one decimal; None when whole is zero."""
    return percent(Decimal(part), Decimal(whole))


def money(value: Any) -> Decimal:
    """A sum of euro or hours to the cent (SQLite adds decimals as floats)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def working_days(start: date, end: date) -> int:
    """Monday-to-Friday days from start to end, both included (0 when end < start), in
    constant time."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * WORKING_DAYS_PER_WEEK
    weekday = start.weekday()
    count += sum(1 for offset in range(rest) if (weekday + offset) % 7 < WORKING_DAYS_PER_WEEK)
    return count


def _levels() -> list[Level]:
    return list(Level.objects.all())


# Kinds of placement: the services' kinds, then the openings' (socially useful work is one row).
def _kinds() -> list[tuple[str, str]]:
    kinds: dict[str, str] = {value: str(label) for value, label in Service.Kind.choices}
    for value, label in Opening.Kind.choices:
        kinds.setdefault(value, str(label))
    return list(kinds.items())


def _kind_of(row: Mapping[str, Any]) -> str:
    kind: str = row["service__kind"] or row["opening__kind"]
    return kind


def _total_row(rows: list[list[Any]], label: str) -> list[Any]:
    columns = len(rows[0]) if rows else 1
    return [label, *(sum(row[i] for row in rows) for i in range(1, columns))]


# The indicators ----------------------------------------------------------------------------------


def _level_on(day: date) -> Coalesce:
    """A person's level on a day, from the level history: the level of the last change on or
    before the day; before any change, the level the first later change started from; with no
    history, the current level."""
    before = LevelChange.objects.filter(person=OuterRef("pk"), changed_on__lte=day).order_by(
        "-changed_on", "-id"
    )
    after = LevelChange.objects.filter(person=OuterRef("pk"), changed_on__gt=day).order_by(
        "changed_on", "id"
    )
    return Coalesce(
        Subquery(before.values("to_level")[:1]),
        Subquery(after.values("from_level")[:1]),
        F("level"),
        output_field=IntegerField(),
    )


def in_charge_on(day: date) -> Q:
    """People with an open pathway on the day: opened on or before it, not closed before it."""
    return Q(
        Q(closed_on__isnull=True) | Q(closed_on__gte=day),
        status__in=(Person.Status.OPEN, Person.Status.CLOSED),
        opened_on__lte=day,
    )


def people_in_charge(scope: Scope) -> Table:
    counted = dict(
        Person.objects.filter(in_charge_on(scope.end), people_filter(scope))
        .annotate(level_then=_level_on(scope.end))
        .values("level_then")
        .annotate(people=Count("pk"))
        .order_by()
        .values_list("level_then", "people")
    )
    rows: list[list[Any]] = [[str(level), counted.get(level.pk, 0)] for level in _levels()]
    rows.append(_total_row(rows, gettext("Total")))
    return Table([gettext("Level"), gettext("People")], rows, total_row=True)


def intake(scope: Scope) -> Table:
    counted = dict(
        Referral.objects.filter(
            # Accepted on the day of the decision (the day of the referral if none was kept,
            # e.g. for imported referrals).
            Q(decided_on__range=(scope.start, scope.end))
            | Q(decided_on__isnull=True, referred_on__range=(scope.start, scope.end)),
            people_filter(scope, "person__"),
            status=Referral.Status.ACCEPTED,
        )
        .values("service_kind")
        .annotate(referrals=Count("pk"))
        .order_by()
        .values_list("service_kind", "referrals")
    )
    rows: list[list[Any]] = [
        [str(label), counted.get(value, 0)] for value, label in Referral.ServiceKind.choices
    ]
    rows.append(_total_row(rows, gettext("Total")))
    return Table(
        [gettext("Referring service"), gettext("Referrals accepted")], rows, total_row=True
    )


def transitions(scope: Scope) -> Table:
    levels = _levels()
    counted = {
        (row["from_level"], row["to_level"]): row["changes"]
        for row in LevelChange.objects.filter(
            people_filter(scope, "person__"),
            changed_on__range=(scope.start, scope.end),
            from_level__isnull=False,
        )
        .exclude(from_level=F("to_level"))
        .values("from_level", "to_level")
        .annotate(changes=Count("pk"))
        .order_by()
    }
    columns = [gettext("From level (rows) to level (columns)"), *(str(level) for level in levels)]
    rows: list[list[Any]] = [
        [str(source), *(counted.get((source.pk, target.pk), 0) for target in levels)]
        for source in levels
    ]
    rows.append(_total_row(rows, gettext("Total")))
    # Changes up lie right of the diagonal, changes down left of it.
    return Table(columns, rows, total_row=True)


def placements_started(scope: Scope) -> Table:
    counted = _by_kind(
        placements_in(scope).filter(
            status__in=UNDER_WAY, actual_start__range=(scope.start, scope.end)
        )
    )
    rows: list[list[Any]] = [[label, counted.get(kind, 0)] for kind, label in _kinds()]
    rows.append(_total_row(rows, gettext("Total")))
    return Table([gettext("Kind"), gettext("Placements started")], rows, total_row=True)


def _by_kind(placements: QuerySet[Placement]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for row in (
        placements.values("service__kind", "opening__kind").annotate(n=Count("pk")).order_by()
    ):
        counted[_kind_of(row)] = counted.get(_kind_of(row), 0) + row["n"]
    return counted


def placements_ended(scope: Scope) -> Table:
    counted: dict[tuple[str, str], int] = {}
    for row in (
        placements_in(scope)
        .filter(status=Placement.Status.ENDED, actual_end__range=(scope.start, scope.end))
        .values("service__kind", "opening__kind", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (_kind_of(row), row["outcome"])
        counted[key] = counted.get(key, 0) + row["n"]
    outcomes = Placement.Outcome.choices
    rows: list[list[Any]] = []
    for kind, label in _kinds():
        numbers = [counted.get((kind, outcome), 0) for outcome, _label in outcomes]
        rows.append([label, *numbers, sum(numbers)])
    rows.append(_total_row(rows, gettext("Total")))
    columns = [
        gettext("Kind"),
        *(str(label) for _value, label in outcomes),
        gettext("Total"),
    ]
    parts = tuple(range(1, len(outcomes) + 1))
    return Table(columns, rows, total_row=True, totals={len(outcomes) + 1: parts})


def internships_ended(scope: Scope) -> QuerySet[Placement]:
    """Internships (in openings of an internship kind, or in a cooperative's internship
    service) that ended in the period."""
    return placements_in(scope).filter(
        Q(opening__kind__in=INTERNSHIP_OPENINGS) | Q(service__kind__in=INTERNSHIP_SERVICES),
        status=Placement.Status.ENDED,
        actual_end__range=(scope.start, scope.end),
    )


def employment_rate(scope: Scope) -> Table:
    """Of the internships ended in the period at least k months before its end, the share
    whose k-month follow-up says employed; and of all the internships ended in the period, the
    share hired by the host. One query."""
    employed = {
        f"employed_{k}": Exists(
            FollowUp.objects.filter(placement=OuterRef("pk"), months=k, employed=True)
        )
        for k in EMPLOYMENT_MONTHS
    }
    counts: dict[str, Count] = {
        "ended": Count("pk"),
        "hired": Count("pk", filter=Q(outcome=Placement.Outcome.HIRED)),
    }
    for k in EMPLOYMENT_MONTHS:
        cutoff = add_months(scope.end, -k)
        counts[f"due_{k}"] = Count("pk", filter=Q(actual_end__lte=cutoff))
        counts[f"employed_{k}_count"] = Count(
            "pk", filter=Q(actual_end__lte=cutoff, **{f"employed_{k}": True})
        )
    found = internships_ended(scope).annotate(**employed).aggregate(**counts)
    rows: list[list[Any]] = []
    for k in EMPLOYMENT_MONTHS:
        due, hired_k = found[f"due_{k}"], found[f"employed_{k}_count"]
        label = ngettext("%(months)s month after the end", "%(months)s months after the end", k) % {
            "months": k
        }
        rows.append([label, due, hired_k, share(hired_k, due)])
    ended, hired = found["ended"], found["hired"]
    rows.append([gettext("Hired by the host"), ended, hired, share(hired, ended)])
    columns = [
        gettext("Measure"),
        gettext("Internships ended"),
        gettext("Employed"),
        gettext("Rate (%)"),
    ]
    # Each measure's internships contain those employed (the complement: not employed); the
    # internships ended contain those ended a month before the end, which contain those ended
    # three months before, and so on.
    contains = tuple(((r, 1), ((r, 2),)) for r in range(len(rows)))
    hired_row, first = len(rows) - 1, 0
    contains += (((hired_row, 1), ((first, 1),)),)
    contains += tuple(((r, 1), ((r + 1, 1),)) for r in range(len(EMPLOYMENT_MONTHS) - 1))
    return Table(columns, rows, derived={3: (1, 2)}, contains=contains)


def hours(scope: Scope, *, today: date | None = None) -> Table:
    """Hours attended in the period, hours planned (the placement's weekly hours over the
    working days it ran within the period, up to today) and the attendance rate, by kind of
    placement. Two queries: the placements under way in the period, then the attendance of the
    period summed per placement in the database: only theirs when they are few (see
    projects.computations.placement_ids); otherwise every placement's, the others' sums left
    aside, which spares the database a join of the period's attendance with the placements."""
    today = today or date.today()
    last = min(scope.end, today)
    placements = placements_in(scope).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gte=scope.start),
        status__in=UNDER_WAY,
        actual_start__lte=scope.end,
    )
    found = list(
        placements.values_list(
            "pk",
            "service__kind",
            "opening__kind",
            "hours_per_week",
            "actual_start",
            "actual_end",
            "planned_end",
        )
    )
    attendance = Attendance.objects.filter(day__range=(scope.start, scope.end))
    if len(found) <= FEW_PLACEMENTS:
        attendance = attendance.filter(placement__in=[row[0] for row in found])
    attended = dict(
        attendance.values("placement_id")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("placement_id", "total")
    )
    totals: dict[str, list[Any]] = {kind: [0, ZERO, ZERO] for kind, _label in _kinds()}
    for pk, service_kind, opening_kind, weekly, actual_start, actual_end, planned_end in found:
        figures = totals[service_kind or opening_kind]
        figures[0] += 1
        figures[1] += Decimal(attended.get(pk) or 0)
        starts = actual_start or scope.start  # never None: filtered on it
        ends = actual_end or planned_end
        days = working_days(max(starts, scope.start), min(ends, last))
        figures[2] += Decimal(weekly) / WORKING_DAYS_PER_WEEK * days
    rows: list[list[Any]] = []
    for kind, label in _kinds():
        count, present, planned = totals[kind]
        rows.append([label, count, money(present), money(planned), share(present, planned)])
    count = sum(r[1] for r in rows)
    present = sum((r[2] for r in rows), ZERO)
    planned = sum((r[3] for r in rows), ZERO)
    rows.append([gettext("Total"), count, present, planned, share(present, planned)])
    columns = [
        gettext("Kind"),
        gettext("Placements"),
        gettext("Hours attended"),
        gettext("Hours planned"),
        gettext("Attendance rate (%)"),
    ]
    return Table(columns, rows, derived={2: (1,), 3: (1,), 4: (1,)}, total_row=True)


def occupancy(scope: Scope) -> Table:
    """Places of the services and the placements holding one on the end date (started on or
    before it, not ended before it), by kind of service. The valley is the services': their
    places are taken by whoever holds them, wherever they live."""
    active = placements_in(replace(scope, valley=None)).filter(
        Q(actual_end__isnull=True) | Q(actual_end__gte=scope.end),
        service__isnull=False,
        status__in=UNDER_WAY,
        actual_start__lte=scope.end,
    )
    services = Service.objects.filter(Q(is_active=True) | Q(pk__in=active.values("service_id")))
    if scope.valley is not None:
        services = services.filter(municipality__valley=scope.valley)
    if scope.subprojects:
        services = services.filter(pk__in=linked_services(scope.subprojects))
    places = {
        row["kind"]: (row["services"], row["places"])
        for row in Service.objects.filter(pk__in=services.values("pk"))
        .values("kind")
        .annotate(services=Count("pk"), places=Sum("places"))
        .order_by()
    }
    occupied = dict(
        active.filter(service__in=services.values("pk"))
        .values("service__kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("service__kind", "n")
    )
    rows: list[list[Any]] = []
    for kind, label in Service.Kind.choices:
        count, total = places.get(kind, (0, 0))
        rows.append(
            [str(label), count, total, occupied.get(kind, 0), share(occupied.get(kind, 0), total)]
        )
    count, total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    used = sum(r[3] for r in rows)
    rows.append([gettext("Total"), count, total, used, share(used, total)])
    columns = [
        gettext("Kind of service"),
        gettext("Services"),
        gettext("Places"),
        gettext("Active placements"),
        gettext("Occupancy (%)"),
    ]
    return Table(columns, rows, derived={1: (), 2: (), 4: (3,)}, total_row=True)


def marketplace(scope: Scope) -> Table:
    """The exchanges confirmed by both sides in the period: their value, the value received by
    social cooperatives and its share, the number of exchanges and of gifts. One query."""
    exchanges = Exchange.objects.confirmed().filter(exchanged_on__range=(scope.start, scope.end))
    if scope.valley is not None:
        exchanges = exchanges.filter(
            Q(giver__municipality__valley=scope.valley)
            | Q(receiver__municipality__valley=scope.valley)
        )
    if scope.subprojects:
        # As the sub-projects' "value exchanged" computation: what their lead organisations gave.
        exchanges = exchanges.filter(giver_id__in=[s.lead_id for s in scope.subprojects])
    found = exchanges.aggregate(
        total=Sum("value"),
        cooperatives=Sum("value", filter=Q(receiver__kind__in=Organisation.SOCIAL_COOP_KINDS)),
        exchanges=Count("pk"),
        gifts=Count("pk", filter=Q(is_gift=True)),
    )
    value, cooperatives = money(found["total"]), money(found["cooperatives"])
    rows: list[list[Any]] = [
        [gettext("Value of the exchanges (€)"), value],
        [gettext("Value received by social cooperatives (€)"), cooperatives],
        [gettext("Share received by social cooperatives (%)"), share(cooperatives, value)],
        [gettext("Exchanges"), found["exchanges"]],
        [gettext("Gifts"), found["gifts"]],
    ]
    return Table([gettext("Measure"), gettext("Value")], rows, counts=False)


def budget(scope: Scope) -> Table:
    """Per sub-project running in the period and per budget line: planned amount and the
    movements recorded in the period; then the sub-project's revenues vs costs. One query."""
    lines = (
        BudgetLine.objects.filter(subproject__in=subprojects_in(scope))
        .annotate(
            actual=Coalesce(
                Sum("movements__amount", filter=Q(movements__on__range=(scope.start, scope.end))),
                Value(ZERO),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
        .values("subproject_id", "subproject__title", "name", "kind", "planned", "actual")
        .order_by("subproject__title", "subproject_id", "kind", "name", "pk")
    )
    rows: list[list[Any]] = []
    current: int | None = None
    totals: list[Decimal] = []
    title = ""

    def close() -> None:
        if current is not None:
            rows.append([gettext("%(title)s · revenues vs costs") % {"title": title}, *totals])

    for line in lines:
        if line["subproject_id"] != current:
            close()
            current, title, totals = line["subproject_id"], line["subproject__title"], [ZERO] * 4
        planned, actual = money(line["planned"]), money(line["actual"])
        if line["kind"] == BudgetLine.Kind.COST:
            figures = [planned, actual, None, None]
        else:
            figures = [None, None, planned, actual]
        totals = [t + (f or ZERO) for t, f in zip(totals, figures, strict=True)]
        rows.append([f"{title} · {line['name']}", *figures])
    close()
    columns = [
        gettext("Sub-project · budget line"),
        gettext("Planned costs (€)"),
        gettext("Actual costs (€)"),
        gettext("Planned revenues (€)"),
        gettext("Actual revenues (€)"),
    ]
    return Table(columns, rows, counts=False)


def _current_value(item: ProjectIndicator, scope: Scope) -> Decimal | None:
    """A sub-project indicator's value at the end of the scope, as the sub-project's page
    computes it (projects.selectors.indicator_status). With statistics_consent_only, the
    computations that count people count only those who consent, through the same
    definitions restricted to them (the value exchanged concerns organisations). Hours
    attended by 1 to 4 placements are withheld (None): the table's rule sees only the value,
    which for hours is not the number of people it is about."""
    # The day after the scope: its last month counts as complete (scopes end on a month's end).
    today = scope.end + timedelta(days=1)
    if not (scope.statistics_consent_only and item.source == ProjectIndicator.Source.COMPUTED):
        status = indicator_status(item, today=today)
        computation = status.computation
        if status.hidden and computation and computation.people is not computation.compute:
            return None
        return status.current
    period = counted_period(item, today=today)
    if period is None or item.computation not in COMPUTATIONS:
        return None
    start, end = period
    consenting = Scope(start, end, subprojects=(item.subproject,), statistics_consent_only=True)
    people = people_filter(consenting, "person__", by_subproject=False)
    if item.computation == "people_placed":
        found = placements_in_period(item.subproject, start, end).filter(people)
        return Decimal(found.aggregate(n=Count("person", distinct=True))["n"])
    if item.computation == "hours_attended":
        total = hours(consenting, today=end).rows[-1]
        return None if is_small(total[1]) else Decimal(total[2])
    if item.computation == "hires":
        hired = list(Placement.Outcome.values).index(Placement.Outcome.HIRED) + 1
        return Decimal(placements_ended(consenting).rows[-1][hired])
    return compute(item.computation, item.subproject, start, end)


def subproject_indicators(scope: Scope) -> Table:
    """The indicators of the sub-projects running in the period whose own period overlaps it:
    baseline, target, the value at the end of the scope (computed ones through their
    computation up to that day, a query or two each; manual ones the latest value entered on
    or before it, read with the indicators) and the progress toward the target. The manual
    ones, by far the most, are read as plain rows: no model built for each."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), on__lte=scope.end).order_by(
        "-on", "-id"
    )
    found = list(
        ProjectIndicator.objects.filter(
            subproject__in=subprojects_in(scope),
            starts_on__lte=scope.end,
            ends_on__gte=scope.start,
        )
        .annotate(latest=Subquery(latest.values("value")[:1]))
        .values("pk", "source", "subproject__title", "name", "unit", "baseline", "target", "latest")
        .order_by("subproject__title", "subproject_id", "dimension", "name", "pk")
    )
    computed = ProjectIndicator.objects.select_related("subproject").in_bulk(
        [row["pk"] for row in found if row["source"] == ProjectIndicator.Source.COMPUTED]
    )
    rows: list[list[Any]] = []
    for row in found:
        item = computed.get(row["pk"])
        # A manual indicator's value is its latest (indicator_status), read above.
        current = row["latest"] if item is None else _current_value(item, scope)
        unit = f" ({row['unit']})" if row["unit"] else ""
        rows.append(
            [
                f"{row['subproject__title']} · {row['name']}{unit}",
                row["baseline"],
                row["target"],
                current,
                progress(current, row["baseline"], row["target"]),
            ]
        )
    columns = [
        gettext("Sub-project · indicator"),
        gettext("Baseline"),
        gettext("Target"),
        gettext("Value"),
        gettext("Progress toward the target (%)"),
    ]
    # The value may count people (e.g. "people placed"): suppressed like a count.
    return Table(columns, rows, derived={1: (), 2: (), 4: (3,)})


INDICATORS: list[Indicator] = [
    Indicator(
        "people_in_charge",
        _("People in charge"),
        Dimension.EMPOWERMENT,
        _("people"),
        _("People with an open pathway on the last day of the period, by level on that day."),
        people_in_charge,
    ),
    Indicator(
        "intake",
        _("Intake"),
        Dimension.COMMUNITIES,
        _("referrals"),
        _("Referrals accepted in the period, by referring service."),
        intake,
    ),
    Indicator(
        "transitions",
        _("Transitions between levels"),
        Dimension.EMPOWERMENT,
        _("level changes"),
        _(
            "Level changes up and down in the period, as a from→to matrix (the first level at "
            "intake is not a change)."
        ),
        transitions,
    ),
    Indicator(
        "placements_started",
        _("Placements started"),
        Dimension.COMMUNITIES,
        _("placements"),
        _("Placements that started in the period, by kind of service or opening."),
        placements_started,
    ),
    Indicator(
        "placements_ended",
        _("Placements ended"),
        Dimension.COMMUNITIES,
        _("placements"),
        _("Placements that ended in the period, by kind and by outcome."),
        placements_ended,
    ),
    Indicator(
        "employment_rate",
        _("Employment rate after internships"),
        Dimension.EMPOWERMENT,
        "%",
        _(
            "Of the internships ended in the period at least k months before its end (k = 1, 3, "
            "6), the share whose k-month follow-up says employed; and of the internships ended "
            "in the period, the share hired by the host."
        ),
        employment_rate,
    ),
    Indicator(
        "hours",
        _("Hours of attendance"),
        Dimension.EMPOWERMENT,
        _("hours"),
        _(
            "Hours attended in the period, hours planned (weekly hours of the placement over "
            "its working days in the period) and attendance rate = attended / planned hours."
        ),
        hours,
    ),
    Indicator(
        "occupancy",
        _("Occupancy of services"),
        Dimension.ECOSYSTEM,
        "%",
        _(
            "Placements active on the last day of the period in the services of the chain, "
            "divided by their places."
        ),
        occupancy,
    ),
    Indicator(
        "marketplace",
        _("Marketplace value"),
        Dimension.ECOSYSTEM,
        "€",
        _(
            "Sum of the exchanges confirmed by both sides in the period; the share received by "
            "social cooperatives; the number of gifts."
        ),
        marketplace,
    ),
    Indicator(
        "budget",
        _("Budget"),
        Dimension.ECOSYSTEM,
        "€",
        _(
            "Planned vs actual amounts per sub-project and budget line (actual: movements "
            "recorded in the period); revenues vs costs of each activity."
        ),
        budget,
    ),
    Indicator(
        "subproject_indicators",
        _("Indicators of the sub-projects"),
        Dimension.ECOSYSTEM,
        _("as stated by each indicator"),
        _(
            "The indicators of the sub-projects running in the period: baseline, target, value "
            "at the end of the period and progress toward the target."
        ),
        subproject_indicators,
    ),
]
_BY_KEY = {item.key: item for item in INDICATORS}


def indicator(key: str) -> Indicator:
    """The indicator with that key; 404 for an unknown one (keys come from addresses)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise Http404(key) from None


def compute_all(scope: Scope, keys: Iterable[str] | None = None) -> list[tuple[Indicator, Table]]:
    """Every indicator (or those named) over the scope, in display order."""
    wanted = set(keys) if keys is not None else None
    return [
        (item, item.compute(scope)) for item in INDICATORS if wanted is None or item.key in wanted
    ]
