"""The one suppression rule for counts of people that leave the care team (docs/privacy.md,
"Small counts and exports"): the dashboard, the sub-projects' computed indicators, funder
reports, open data and the API all go through this module, and nothing else suppresses.

- A count from 1 to 4 is shown as "<5" (`SUPPRESSED`); 0 stays 0: nothing to protect.
- Complementary suppression: a figure that sums or contains other figures (a total, a figure of
  which another is a part) is withheld (None, shown as "—") when one of its parts is hidden
  ("<5" or withheld), or when what it holds beyond its parts (the complement: "10 ended, 9
  employed" holds 1 not employed) is from 1 to 4. Whether a figure is withheld depends only on
  which figures are hidden, never on their values, so a "—" tells nothing more than the "<5"
  next to it; and every figure that sums hidden ones is hidden itself, so no difference of
  visible figures reaches a hidden one.
- A value derived from counts (a rate, hours of a group of placements) is "<5" when one of them
  is, and withheld when one of them is withheld: no rate over fewer than 5 people.
- The smallest period a figure covers is a calendar month (`whole_months`), and a period ends at
  the latest on the last day of the last complete month: two periods a day apart, or the same
  page read on two days, never differ by one day's events.

This is the lowest layer, so that `projects` (below `reports`) uses the same rule."""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

SUPPRESSED = "<5"
THRESHOLD = 5

Cell = tuple[int, int]  # (row, column) in Table.rows


@dataclass(frozen=True)
class Table:
    columns: list[str]  # translated column headers; the first column labels rows
    rows: list[list[Any]]  # first cell a label (str), then numbers or None
    counts: bool = True  # True when the numbers count people/placements (suppression applies)
    # Columns (index in the row, from 1) that are not counts themselves but derive from the
    # counts of the same row: suppressed when any of those is. An empty tuple marks a column
    # that is not a count and derives from none (e.g. the places of a service): never
    # suppressed. Columns not listed are counts when `counts` is True.
    derived: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Totals, which could give away a suppressed count by difference: `total_row` when the last
    # row sums the rows above it; `totals` for columns that sum other columns of their row.
    total_row: bool = False
    totals: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Figures that contain others without being their sum (internships ended ⊇ those whose
    # follow-up says employed): (the figure, its parts); what it holds beyond them is a
    # complement that nobody sees but anyone could compute.
    contains: tuple[tuple[Cell, tuple[Cell, ...]], ...] = ()

    def as_dicts(self) -> list[dict[str, Any]]:
        """Each row as {column: value}, for templates and exports."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def is_small(value: Any, threshold: int = THRESHOLD) -> bool:
    """A count from 1 to threshold - 1: the counts the rule hides."""
    return _number(value) and 0 < value < threshold


def suppressed_value(value: Any, *, threshold: int = THRESHOLD) -> Any:
    """One figure on its own (e.g. a sub-project's computed indicator): "<5" for 1 to 4, the
    value otherwise."""
    return SUPPRESSED if is_small(value, threshold) else value


def _relations(table: Table, counts: list[int]) -> Iterator[tuple[Cell, list[Cell], bool]]:
    """Each figure with the figures it sums (True) or contains (False)."""
    last = len(table.rows) - 1
    if table.total_row and last > 0:
        for i in counts:
            yield (last, i), [(r, i) for r in range(last)], True
    for i, sources in table.totals.items():
        for r in range(len(table.rows)):
            yield (r, i), [(r, source) for source in sources], True
    for whole, parts in table.contains:
        yield whole, list(parts), False


def suppressed(table: Table, *, threshold: int = THRESHOLD) -> Table:
    """The table as it may leave the care team (see the module's docstring). Tables that count
    no people are returned as they are."""
    if not table.counts:
        return table
    raw = table.rows
    out = [list(row) for row in raw]
    counts = [i for i in range(1, len(table.columns)) if i not in table.derived]
    for r, row in enumerate(raw):
        for i in counts:
            if is_small(row[i], threshold):
                out[r][i] = SUPPRESSED
    withheld: set[Cell] = set()

    def hidden(cell: Cell) -> bool:
        return cell in withheld or out[cell[0]][cell[1]] == SUPPRESSED

    relations = list(_relations(table, counts))
    changed = True
    while changed:
        changed = False
        for (r, i), parts, is_sum in relations:
            if (r, i) in withheld:
                continue
            hides = any(hidden(part) for part in parts)
            # A complement of a "<5" and of figures shown (0 or at least 5, so 0) is that "<5".
            if not hides and not is_sum and out[r][i] != SUPPRESSED:
                whole = raw[r][i]
                values = [raw[pr][pi] for pr, pi in parts]
                if _number(whole) and all(_number(value) for value in values):
                    hides = is_small(whole - sum(values), threshold)
            if hides:
                out[r][i] = None
                withheld.add((r, i))
                changed = True
    for r in range(len(raw)):
        for i, sources in table.derived.items():
            if any((r, source) in withheld for source in sources):
                out[r][i] = None
            elif any(out[r][source] == SUPPRESSED for source in sources):
                out[r][i] = SUPPRESSED
    return replace(table, rows=out)


# Periods -----------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def last_complete_month_end(today: date) -> date:
    """The last day of the last month that is over (30/11 on 3/12)."""
    return month_start(today) - timedelta(days=1)


def whole_months(start: date, end: date, *, today: date) -> tuple[date, date]:
    """The period as the rule lets it be counted: from the first day of the start's month to the
    last day of the end's month, and no later than the end of the last complete month; a period
    that lies wholly in the current month or later becomes the last complete month."""
    last = min(month_end(end), last_complete_month_end(today))
    first = month_start(start)
    if last < first:
        first = month_start(last)
    return first, last
