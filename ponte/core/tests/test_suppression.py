"""The one suppression rule (core.suppression, issue 15 item 3): counts 1–4 as "<5", totals and
figures that contain a hidden count withheld, rates over fewer than 5 people hidden, periods in
whole months. The property test plays an attacker who knows the rule and the table's
structure and tries every table that could have been published: no count from 1 to 4 — a
cell, a total, a complement — is the same in all of them."""

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ponte.core.suppression import (
    SUPPRESSED,
    Table,
    last_complete_month_end,
    suppressed,
    suppressed_value,
    whole_months,
)

# Shapes of tables as the reports build them ---------------------------------------------------


def share(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part * 100) / whole


def column(parts: list[int]) -> Table:
    """A count by category with its total (people in charge by level, intake, placements
    started; transitions are one such column per level)."""
    rows: list[list[Any]] = [[f"r{i}", value] for i, value in enumerate(parts)]
    rows.append(["Total", sum(parts)])
    return Table(["label", "n"], rows, total_row=True)


def grid(cells: list[list[int]]) -> Table:
    """Kinds × outcomes with a total column and a total row (placements ended; the monthly
    series of people in charge has the total column only)."""
    rows: list[list[Any]] = [[f"r{i}", *row, sum(row)] for i, row in enumerate(cells)]
    width = len(cells[0])
    rows.append(["Total", *(sum(row[j] for row in cells) for j in range(width)), 0])
    rows[-1][-1] = sum(rows[-1][1:-1])
    return Table(
        ["label", *(f"c{j}" for j in range(width)), "total"],
        rows,
        total_row=True,
        totals={width + 1: tuple(range(1, width + 1))},
    )


def employment(ended_late: int, ended_due: int, employed: int, hired: int) -> Table:
    """The employment rate: internships ended a month before the end of the period and those
    employed after a month; all internships ended and those hired; a rate for each."""
    ended = ended_late + ended_due
    rows: list[list[Any]] = [
        ["1 month", ended_due, employed, share(employed, ended_due)],
        ["hired", ended, hired, share(hired, ended)],
    ]
    contains = (((0, 1), ((0, 2),)), ((1, 1), ((1, 2),)), ((1, 1), ((0, 1),)))
    return Table(
        ["measure", "ended", "employed", "rate"], rows, derived={3: (1, 2)}, contains=contains
    )


# The attacker -------------------------------------------------------------------------------------

CAP = 14  # candidate values of a figure nobody sees: above anything the strategies draw + 5


def assert_nothing_revealed(
    leaves: list[int],
    build: Callable[[list[int]], Table],
    published_at: list[tuple[int, int] | None],
    quantities: Callable[[list[int]], dict[str, int]],
    valid: Callable[[list[int]], bool] = lambda leaves: True,
) -> None:
    """Every set of leaves the published table could come from (same structure, same rule);
    a quantity from 1 to 4 must take two values at least among them."""
    published = suppressed(build(leaves)).rows
    choices = []
    for position in published_at:
        shown = None if position is None else published[position[0]][position[1]]
        if shown == SUPPRESSED:
            choices.append(range(1, 5))
        elif shown is None:
            choices.append(range(CAP + 1))
        else:
            choices.append(range(shown, shown + 1))
    seen: dict[str, set[int]] = {}
    for candidate in itertools.product(*choices):
        values = list(candidate)
        if not valid(values) or suppressed(build(values)).rows != published:
            continue
        for name, value in quantities(values).items():
            seen.setdefault(name, set()).add(value)
    for name, value in quantities(leaves).items():
        if 0 < value < 5:
            assert len(seen[name]) > 1, (name, value, published)


def every_count(table: Table) -> dict[str, int]:
    return {
        f"{r},{i}": value
        for r, row in enumerate(table.rows)
        for i, value in enumerate(row[1:], start=1)
        if i not in table.derived
    }


counts = st.sampled_from([0, 1, 2, 3, 4, 5, 6, 9])


@settings(max_examples=120, deadline=None)
@given(st.lists(counts, min_size=1, max_size=5))
def test_a_column_with_its_total_reveals_no_small_count(parts):
    assert_nothing_revealed(
        parts,
        column,
        [(i, 1) for i in range(len(parts))],
        lambda leaves: every_count(column(leaves)),
    )


@settings(max_examples=120, deadline=None)
@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda width: st.lists(
            st.lists(counts, min_size=width, max_size=width),
            min_size=1,
            max_size=6 // width if width > 1 else 3,
        )
    )
)
def test_a_table_with_totals_both_ways_reveals_no_small_count(cells):
    width = len(cells[0])
    positions = [(i, j + 1) for i in range(len(cells)) for j in range(width)]

    def build(leaves: list[int]) -> Table:
        return grid([leaves[i * width : (i + 1) * width] for i in range(len(cells))])

    flat = [value for row in cells for value in row]
    assert_nothing_revealed(flat, build, positions, lambda leaves: every_count(build(leaves)))


@settings(max_examples=150, deadline=None)
@given(counts, counts, counts, counts)
def test_complements_and_rates_reveal_no_small_count(ended_late, ended_due, employed, hired):
    leaves = [ended_late, ended_due, min(employed, ended_due), min(hired, ended_late + ended_due)]

    def valid(values: list[int]) -> bool:
        late, due, employed, hired = values
        return employed <= due and hired <= late + due

    def quantities(values: list[int]) -> dict[str, int]:
        late, due, employed, hired = values
        return {
            **every_count(employment(*values)),
            "ended late": late,
            "not employed": due - employed,
            "not hired": late + due - hired,
        }

    assert_nothing_revealed(
        leaves,
        lambda values: employment(*values),
        [None, (0, 1), (0, 2), (1, 2)],
        quantities,
        valid,
    )


# The findings, one by one -----------------------------------------------------------------------


def test_ten_ended_nine_employed_withholds_the_ten():
    """The finding's complement: 10 internships ended, 9 employed tells 1 not employed."""
    table = suppressed(employment(0, 10, 9, 10))
    assert table.rows[0][1:] == [None, 9, None]


def test_a_total_of_four_ones_is_withheld():
    """Four "<5" and a total "<5" could only be 1+1+1+1 = 4."""
    table = suppressed(column([1, 1, 1, 1, 0]))
    assert [row[1] for row in table.rows] == [SUPPRESSED] * 4 + [0, None]


def test_a_grand_total_cannot_bring_a_withheld_row_total_back():
    """Two hidden counts in one column, alone in their rows: the row totals are withheld, and
    the grand total (the sum of the visible column totals) must not tell them."""
    table = suppressed(grid([[3, 10], [2, 10], [7, 7]]))
    assert table.rows[0][1:] == [SUPPRESSED, 10, None]
    assert table.rows[1][1:] == [SUPPRESSED, 10, None]
    assert table.rows[3][1] is None  # the column of the hidden counts
    assert table.rows[3][-1] is None


def test_a_rate_over_fewer_than_five_people_is_hidden():
    table = suppressed(employment(0, 4, 0, 0))
    assert table.rows[0][1:] == [SUPPRESSED, 0, SUPPRESSED]


def test_zero_and_large_counts_are_shown():
    table = suppressed(column([0, 5, 12]))
    assert [row[1] for row in table.rows] == [0, 5, 12, 17]


def test_a_table_of_no_people_is_left_as_it_is():
    table = Table(["measure", "€"], [["value", 3]], counts=False)
    assert suppressed(table) is table


def test_a_single_figure():
    assert suppressed_value(Decimal("3")) == SUPPRESSED
    assert suppressed_value(0) == 0
    assert suppressed_value(5) == 5
    assert suppressed_value(None) is None


# Periods ------------------------------------------------------------------------------------------


def test_periods_are_whole_months_up_to_the_last_complete_one():
    today = date(2025, 12, 3)
    assert last_complete_month_end(today) == date(2025, 11, 30)
    assert whole_months(date(2025, 11, 17), date(2025, 11, 17), today=today) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
    assert whole_months(date(2025, 1, 1), date(2025, 12, 3), today=today) == (
        date(2025, 1, 1),
        date(2025, 11, 30),
    )
    # Wholly in the current month: the last complete month.
    assert whole_months(date(2025, 12, 1), date(2025, 12, 2), today=today) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
