"""Reads of placements and of the attendance register: the placements a tutor follows, the month
grid with its totals, the monthly summary of a placement, and the register as PDF for
signatures. Writes go through services.attendance_record."""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string

from ponte.network.models import Role, User
from ponte.pathways.access import HOST_VISIBLE
from ponte.pathways.models import Attendance, AttendanceMonth, Placement
from ponte.pathways.services.attendance import attendance_period

WORKING_DAYS_PER_WEEK = 5
TWO_PLACES = Decimal("0.01")


def tutored_placements(
    user: User, role: str | None, organisation_id: int | None
) -> QuerySet[Placement]:
    """The placements a user tutors (any role) or, as a company tutor, hosts; only from the
    moment the host accepted them (access.HOST_VISIBLE)."""
    where = Q(tutor=user)
    if role == Role.COMPANY_TUTOR and organisation_id is not None:
        where |= Q(host_id=organisation_id)
    return (
        Placement.objects.filter(where, status__in=HOST_VISIBLE)
        .select_related("person", "service", "opening", "host", "tutor")
        .order_by("status", "-planned_start", "-id")
    )


def month_days(year: int, month: int) -> list[date]:
    """Every day of a month; 404 for a month that does not exist."""
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        raise Http404
    return [date(year, month, day) for day in range(1, calendar.monthrange(year, month)[1] + 1)]


def previous_month(first: date) -> date:
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


def daily_planned_hours(placement: Placement) -> Decimal:
    """Hours planned on a working day (Monday to Friday)."""
    return Decimal(placement.hours_per_week) / WORKING_DAYS_PER_WEEK


def is_working_day(day: date) -> bool:
    return day.weekday() < WORKING_DAYS_PER_WEEK


def rate(present: Decimal, planned: Decimal) -> Decimal | None:
    """Attendance rate in per cent, one decimal; None when nothing was planned."""
    if not planned:
        return None
    return (present * 100 / planned).quantize(Decimal("0.1"), ROUND_HALF_UP)


def hours_text(hours: Decimal | None) -> str:
    """Hours as typed in a number input: "6", "7.5", never "7.50" or "1E+1"."""
    if hours is None:
        return ""
    if hours == hours.to_integral_value():
        return str(hours.quantize(Decimal(1)))
    return str(hours.normalize())


@dataclass(frozen=True)
class GridRow:
    day: date
    in_period: bool
    hours: Decimal | None
    absence: str
    absence_label: str

    @property
    def is_working_day(self) -> bool:
        return is_working_day(self.day)


@dataclass
class MonthTotals:
    hours_present: Decimal = Decimal("0")
    planned_hours: Decimal = Decimal("0")
    days_present: int = 0
    absences: list[tuple[str, int]] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return rate(self.hours_present, self.planned_hours)

    @property
    def days_absent(self) -> int:
        return sum(count for _label, count in self.absences)


@dataclass
class MonthGrid:
    placement: Placement
    first: date
    period: tuple[date, date]
    rows: list[GridRow]
    totals: MonthTotals
    revision: int = 0  # the revision of the month read (0: never saved through a grid)

    @property
    def previous(self) -> date:
        return previous_month(self.first)

    @property
    def next(self) -> date:
        return next_month(self.first)

    @property
    def entries(self) -> dict[date, tuple[Decimal | None, str]]:
        """What is saved, day by day (hours, absence), for the days with a record."""
        return {
            row.day: (row.hours, row.absence)
            for row in self.rows
            if row.hours is not None or row.absence
        }


def month_grid(placement: Placement, year: int, month: int) -> MonthGrid:
    """The register of one month: a row per day (prefilled from one query) and the totals."""
    days = month_days(year, month)
    start, end = attendance_period(placement)
    saved = {
        entry.day: entry
        for entry in Attendance.objects.filter(
            placement=placement, day__gte=days[0], day__lte=days[-1]
        )
    }
    rows = []
    totals = MonthTotals()
    absences: Counter[str] = Counter()
    labels = dict(Attendance.Absence.choices)
    for day in days:
        in_period = start <= day <= end
        entry = saved.get(day)
        rows.append(
            GridRow(
                day=day,
                in_period=in_period,
                hours=entry.hours if entry and not entry.absence else None,
                absence=entry.absence if entry else "",
                absence_label=str(labels.get(entry.absence, "")) if entry else "",
            )
        )
        if in_period and is_working_day(day):
            totals.planned_hours += daily_planned_hours(placement)
        if entry is None:
            continue
        if entry.absence:
            absences[entry.absence] += 1
        else:
            totals.hours_present += entry.hours
            totals.days_present += 1
    totals.planned_hours = totals.planned_hours.quantize(TWO_PLACES, ROUND_HALF_UP)
    totals.absences = [
        (str(label), absences[code]) for code, label in labels.items() if absences[code]
    ]
    revision = (
        AttendanceMonth.objects.filter(placement=placement, month=days[0])
        .values_list("revision", flat=True)
        .first()
    )
    return MonthGrid(
        placement=placement,
        first=days[0],
        period=(start, end),
        rows=rows,
        totals=totals,
        revision=revision or 0,
    )


@dataclass(frozen=True)
class MonthSummary:
    first: date
    hours_present: Decimal
    planned_hours: Decimal
    days_absent: int

    @property
    def rate(self) -> Decimal | None:
        return rate(self.hours_present, self.planned_hours)


def planned_hours_between(placement: Placement, start: date, end: date) -> Decimal:
    working_days = sum(
        1
        for ordinal in range(start.toordinal(), end.toordinal() + 1)
        if is_working_day(date.fromordinal(ordinal))
    )
    return (daily_planned_hours(placement) * working_days).quantize(TWO_PLACES, ROUND_HALF_UP)


def month_summaries(placement: Placement, today: date | None = None) -> list[MonthSummary]:
    """Attendance per month of the placement, newest first: every month of the period up to
    today, and any other month with records (one query). Planned hours count up to today."""
    today = today or date.today()
    start, end = attendance_period(placement)
    rows = (
        Attendance.objects.filter(placement=placement)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(hours=Sum("hours"), absent=Count("id", filter=~Q(absence="")))
        .order_by()
    )
    recorded = {_first_of(row["month"]): row for row in rows}
    months = set(recorded)
    if placement.status in (Placement.Status.ACTIVE, Placement.Status.ENDED) and start <= today:
        month = start.replace(day=1)
        last = min(end, today)
        while month <= last:
            months.add(month)
            month = next_month(month)
    summaries = []
    for month in sorted(months, reverse=True):
        days = month_days(month.year, month.month)
        # Planned hours up to today: the current month is not over yet.
        period_start, period_end = max(start, days[0]), min(end, days[-1], today)
        row = recorded.get(month)
        summaries.append(
            MonthSummary(
                first=month,
                hours_present=(row["hours"] or Decimal("0")) if row else Decimal("0"),
                planned_hours=planned_hours_between(placement, period_start, period_end)
                if period_start <= period_end
                else Decimal("0"),
                days_absent=row["absent"] if row else 0,
            )
        )
    return summaries


def _first_of(value: date) -> date:
    # TruncMonth gives a date (a datetime on some backends): the first of the month either way.
    return date(value.year, value.month, 1)


REGISTER_TEMPLATE = "pathways/placements/attendance_register.html"


def register_pdf(request: HttpRequest, context: dict[str, object]) -> bytes:
    """The monthly register as PDF for signatures. The template is self-contained (inline styles,
    no images), so WeasyPrint fetches nothing."""
    import weasyprint  # imported here: loading pango takes a moment that other pages need not pay

    html = render_to_string(REGISTER_TEMPLATE, context, request=request)
    pdf: bytes = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return pdf
