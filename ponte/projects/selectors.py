"""Reading sub-projects: the budget arithmetic (planned vs actual per line and in total, revenues
vs costs of the activity) and the progress of the indicators. The arithmetic is in pure
functions over Decimal, tested on their own; the queries feed them."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, Prefetch, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from ponte.core.suppression import (
    SUPPRESSED,
    is_small,
    last_complete_month_end,
    month_end,
    month_start,
)
from ponte.projects.computations import COMPUTATIONS, Computation
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
RECENT_MOVEMENTS = 20


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in per cent, to one decimal place; None when whole is zero (no share of
    nothing)."""
    if whole == 0:
        return None
    return (part * HUNDRED / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineFigures:
    """Planned and actual amounts of a budget line, or of a total."""

    planned: Decimal
    actual: Decimal

    @property
    def difference(self) -> Decimal:
        """Actual minus planned: positive when more was spent (or earned) than planned."""
        return self.actual - self.planned

    @property
    def percent(self) -> Decimal | None:
        """Actual as a share of planned; None when nothing was planned."""
        return percent(self.actual, self.planned)


@dataclass(frozen=True)
class Sustainability:
    """Revenues vs costs of the activity (economic sustainability)."""

    revenues: Decimal
    costs: Decimal

    @property
    def result(self) -> Decimal:
        """Revenues minus costs: positive is a surplus, negative a deficit."""
        return self.revenues - self.costs

    @property
    def ratio(self) -> Decimal | None:
        """Revenues / costs in per cent (100 % is break-even); None when there are no costs."""
        return percent(self.revenues, self.costs)


@dataclass
class Budget:
    """A sub-project's budget: its lines with their figures, totals per kind and the
    sustainability of the activity (planned and actual)."""

    costs: list[tuple[BudgetLine, LineFigures]] = field(default_factory=list)
    revenues: list[tuple[BudgetLine, LineFigures]] = field(default_factory=list)

    @staticmethod
    def total(lines: list[tuple[BudgetLine, LineFigures]]) -> LineFigures:
        return LineFigures(
            planned=sum((f.planned for _l, f in lines), ZERO),
            actual=sum((f.actual for _l, f in lines), ZERO),
        )

    @property
    def total_costs(self) -> LineFigures:
        return self.total(self.costs)

    @property
    def total_revenues(self) -> LineFigures:
        return self.total(self.revenues)

    @property
    def planned_sustainability(self) -> Sustainability:
        return Sustainability(self.total_revenues.planned, self.total_costs.planned)

    @property
    def actual_sustainability(self) -> Sustainability:
        return Sustainability(self.total_revenues.actual, self.total_costs.actual)


def build_budget(lines: list[tuple[BudgetLine, LineFigures]]) -> Budget:
    budget = Budget()
    for line, figures in lines:
        kind = budget.costs if line.kind == BudgetLine.Kind.COST else budget.revenues
        kind.append((line, figures))
    return budget


def lines_with_actual(subproject: SubProject) -> QuerySet[BudgetLine]:
    """The sub-project's budget lines, each with `actual`: the sum of its movements (0 when it
    has none)."""
    return subproject.budget_lines.annotate(
        actual=Coalesce(
            Sum("movements__amount"),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
    )


def budget_of(subproject: SubProject) -> Budget:
    """One query, whatever the number of lines and movements. The sums are quantized to the
    cent: SQLite adds decimals as floats."""
    lines = []
    for line in lines_with_actual(subproject):
        actual = Decimal(line.actual).quantize(CENT)  # type: ignore[attr-defined]
        lines.append((line, LineFigures(planned=line.planned, actual=actual)))
    return build_budget(lines)


def recent_movements(subproject: SubProject) -> list[Movement]:
    return list(
        Movement.objects.filter(budget_line__subproject=subproject).select_related("budget_line")[
            :RECENT_MOVEMENTS
        ]
    )


def movements_count(subproject: SubProject) -> int:
    return Movement.objects.filter(budget_line__subproject=subproject).count()


# Indicators --------------------------------------------------------------------------------------


def progress(current: Decimal | None, baseline: Decimal, target: Decimal) -> Decimal | None:
    """How far the indicator has gone from its baseline toward its target, in per cent clipped
    to 0–100: (current − baseline) / (target − baseline). It works for targets below the
    baseline too (a value meant to fall). None when there is no current value. When the target
    equals the baseline there is nothing to move: 100 % if the current value is the target,
    0 % otherwise."""
    if current is None:
        return None
    if target == baseline:
        return HUNDRED if current == target else ZERO
    share = (current - baseline) * HUNDRED / (target - baseline)
    return min(max(share, ZERO), HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class IndicatorStatus:
    indicator: Indicator
    current: Decimal | None
    measured_on: date | None
    computation: Computation | None
    # How many people the computed value is about (None when it is about organisations or
    # entered by hand): the suppression rule hides the value when they are 1 to 4.
    people: Decimal | None = None

    @property
    def hidden(self) -> bool:
        return is_small(self.people)

    @property
    def shown(self) -> Decimal | str | None:
        """The value as the page shows it: "<5" when it is about 1 to 4 people."""
        return SUPPRESSED if self.hidden else self.current

    @property
    def progress(self) -> Decimal | None:
        if self.hidden:
            return None
        return progress(self.current, self.indicator.baseline, self.indicator.target)

    @property
    def progress_int(self) -> int:
        """The progress rounded to a whole per cent, for the progress bar and its text."""
        value = self.progress
        return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)) if value is not None else 0


def counted_period(indicator: Indicator, *, today: date) -> tuple[date, date] | None:
    """The period a computed indicator counts (core.suppression): whole months, from the month
    it starts in to the month it ends in, and no later than the last month complete on
    `today`; None before its first month is over. So two indicators whose periods differ by a
    day, or the same page read on two days, never differ by one day's events."""
    start = month_start(indicator.starts_on)
    end = min(month_end(indicator.ends_on), last_complete_month_end(today))
    return (start, end) if start <= end else None


def indicator_status(indicator: Indicator, *, today: date) -> IndicatorStatus:
    """The current value: a computed indicator's computation over its period counted in whole
    months up to the last complete one (counted_period); a manual indicator's latest value
    (None if none yet). Needs the `latest_values` prefetch of indicators_of() for manual
    indicators."""
    if indicator.source == Indicator.Source.COMPUTED:
        computation = COMPUTATIONS.get(indicator.computation)
        if computation is None:
            return IndicatorStatus(indicator, None, None, None)
        period = counted_period(indicator, today=today)
        if period is None:
            return IndicatorStatus(indicator, None, None, computation)
        start, end = period
        value = computation.compute(indicator.subproject, start, end)
        if computation.people is None:
            people = None
        elif computation.people is computation.compute:  # the value counts people itself
            people = value
        else:
            people = computation.people(indicator.subproject, start, end)
        return IndicatorStatus(indicator, value, end, computation, people)
    values = indicator.latest_values  # type: ignore[attr-defined]
    latest = values[0] if values else None
    return IndicatorStatus(
        indicator,
        latest.value if latest else None,
        latest.on if latest else None,
        None,
    )


def indicators_of(subproject: SubProject, *, today: date) -> list[IndicatorStatus]:
    indicators = subproject.indicators.prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.order_by("-on", "-id"),
            to_attr="latest_values",
        )
    )
    statuses = []
    for indicator in indicators:
        indicator.subproject = subproject
        statuses.append(indicator_status(indicator, today=today))
    return statuses


# Lists ------------------------------------------------------------------------------------------


def subprojects_for_list() -> QuerySet[SubProject]:
    """Active first, then planned and closed; the newest first within each."""
    status_order = Case(
        When(status=SubProject.Status.ACTIVE, then=Value(0)),
        When(status=SubProject.Status.PLANNED, then=Value(1)),
        default=Value(2),
    )
    return (
        SubProject.objects.select_related("lead")
        .annotate(indicators_count=Count("indicators", distinct=True))
        .order_by(status_order, "-starts_on", "title", "pk")
    )
