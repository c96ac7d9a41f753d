"""Reads of the dashboard that the indicators module does not hold: the monthly series of the
people in charge by level, and the version of the data the dashboard is cached under."""

from calendar import monthrange
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from ponte.core.cache import data_version
from ponte.core.suppression import Table
from ponte.marketplace.models import Exchange
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
from ponte.projects.models import BudgetLine, IndicatorValue, Movement, SubProject
from ponte.projects.models import Indicator as ProjectIndicator
from ponte.reports.indicators import Scope, people_filter


def month_ends(start: date, end: date) -> list[date]:
    """The last day of every month from start's to end's; the last one is end itself."""
    days: list[date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        days.append(min(end, date(year, month, monthrange(year, month)[1])))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _level_on_field(field: str) -> Coalesce:
    """A person's level on the date in their own field (opened_on, closed_on), with the rule of
    indicators.people_in_charge: the last change on or before it; else the level the first
    later change started from; else the current level."""
    before = LevelChange.objects.filter(
        person=OuterRef("pk"), changed_on__lte=OuterRef(field)
    ).order_by("-changed_on", "-id")
    after = LevelChange.objects.filter(
        person=OuterRef("pk"), changed_on__gt=OuterRef(field)
    ).order_by("changed_on", "id")
    return Coalesce(
        Subquery(before.values("to_level")[:1]),
        Subquery(after.values("from_level")[:1]),
        F("level"),
        output_field=IntegerField(),
    )


def people_in_charge_by_month(scope: Scope) -> Table:
    """People with an open pathway at the end of each month of the scope (the last point on the
    scope's end date), by level on that day: the same counts as indicators.people_in_charge on
    each of those days.

    Four queries whatever the number of months and people. Every person adds events: +1 at
    their level on the day the pathway opened, -1/+1 on each later change of level (from/to),
    -1 at their level the day after the pathway closed; the database groups the events by day
    and level, and the counts at each month end are running sums of those few rows."""
    levels = list(Level.objects.all())
    people = Person.objects.filter(
        people_filter(scope),
        status__in=(Person.Status.OPEN, Person.Status.CLOSED),
        opened_on__lte=scope.end,
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=scope.start))
    deltas: dict[date, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        people.annotate(level_then=_level_on_field("opened_on"))
        .values("opened_on", "level_then")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        deltas[row["opened_on"]][row["level_then"]] += row["n"]
    for row in (
        LevelChange.objects.filter(
            Q(person__closed_on__isnull=True) | Q(person__closed_on__gte=F("changed_on")),
            person__in=people.values("pk"),
            changed_on__gt=F("person__opened_on"),
            changed_on__lte=scope.end,
            from_level__isnull=False,
        )
        .exclude(from_level=F("to_level"))
        .values("changed_on", "from_level", "to_level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        deltas[row["changed_on"]][row["from_level"]] -= row["n"]
        deltas[row["changed_on"]][row["to_level"]] += row["n"]
    for row in (
        people.filter(closed_on__isnull=False, closed_on__lt=scope.end)
        .annotate(level_then=_level_on_field("closed_on"))
        .values("closed_on", "level_then")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        deltas[row["closed_on"] + timedelta(days=1)][row["level_then"]] -= row["n"]

    events = sorted(deltas.items())
    running: dict[int, int] = defaultdict(int)
    position = 0
    rows: list[list[Any]] = []
    for day in month_ends(scope.start, scope.end):
        while position < len(events) and events[position][0] <= day:
            for level_id, change in events[position][1].items():
                running[level_id] += change
            position += 1
        counts = [running[level.pk] for level in levels]
        rows.append([day, *counts, sum(counts)])
    columns = [gettext("Month"), *(str(level) for level in levels), gettext("Total")]
    # The last column sums the levels of its month.
    return Table(columns, rows, totals={len(levels) + 1: tuple(range(1, len(levels) + 1))})


def dashboard_version() -> str:
    """Changes whenever data the dashboard shows may have changed, and every day (presets and
    hours planned depend on today): one query of indexed maxima, about a millisecond on the
    large data set. The audit log records every change made through Ponte to people, referrals,
    consents, placements, attendance, follow-ups, exchanges and sub-projects (docs/privacy.md), so
    the id of its latest change moves with any of them; the latest id of each table catches
    rows created in bulk (imports, synthetic data); the small tables of the sub-projects add
    their latest update. Bulk updates that bypass both are seen within the cache's lifetime."""
    from auditlog.models import LogEntry

    # The latest change, not the latest read: reads of identity are logged too, and must not
    # invalidate the dashboard (a backward scan of the primary key, stopping at the first one).
    aggregates = [
        f"SELECT id FROM {LogEntry._meta.db_table} "  # noqa: S608 - auditlog's own table
        f"WHERE action <> {int(LogEntry.Action.ACCESS)} ORDER BY id DESC LIMIT 1"
    ]
    for table in (
        Person._meta.db_table,
        Referral._meta.db_table,
        Consent._meta.db_table,
        Placement._meta.db_table,
        Exchange._meta.db_table,
        Movement._meta.db_table,
        LevelChange._meta.db_table,
        Attendance._meta.db_table,
        FollowUp._meta.db_table,
        IndicatorValue._meta.db_table,
        Level._meta.db_table,
    ):
        aggregates.append(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - our own tables
    for table in (
        Service._meta.db_table,
        SubProject._meta.db_table,
        BudgetLine._meta.db_table,
        ProjectIndicator._meta.db_table,
    ):
        aggregates.append(f"SELECT MAX(id) FROM {table}")  # noqa: S608
        aggregates.append(f"SELECT MAX(updated_at) FROM {table}")  # noqa: S608
    return data_version(None, "dashboard", *aggregates, salt=str(timezone.localdate()))
