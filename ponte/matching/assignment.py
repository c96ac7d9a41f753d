"""The optimal assignment of people to openings: the highest total score under the places of each
opening, with at most one opening per person. Places may stay empty and people unassigned.

Exact, not greedy: it is a min-cost flow (OR-Tools' SimpleMinCostFlow) on integer costs. Scores
are totals with one decimal, so tenths of a point are integers and nothing is lost in rounding.

    source ──(places of j, 0)──▶ opening j ──(1, −tenths of s_ji)──▶ person i ──(1, 0)──▶ sink
    source ─────────────────────────(F, 0)─────────────────────────────────────────────▶ sink

The source supplies F = min(total places, people) units and the sink takes them; the bypass arc
carries whatever is not worth assigning, so every place can stay empty and the flow is always
feasible. Minimising the cost maximises the total score. Only eligible pairs (score > 0) are arcs.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

SOURCE = 0
SINK = 1
FIRST_OPENING = 2


@dataclass(frozen=True, slots=True)
class Assignment:
    """(opening index, person index) pairs, by opening then person, and their total score."""

    pairs: list[tuple[int, int]]
    total: float


def assign(scores: npt.ArrayLike, places: Sequence[int] | npt.ArrayLike) -> Assignment:
    """The assignment with the highest total score. `scores` is openings × people, totals ≥ 0
    with one decimal (0 = not eligible); `places[j]` is how many people opening j takes."""
    matrix = np.asarray(scores, dtype=np.float64)
    capacity = np.asarray(places, dtype=np.int64).reshape(-1)
    if matrix.ndim != 2 or matrix.shape[0] != len(capacity):
        raise ValueError("scores must be openings × people, with the places of each opening")
    if (capacity < 0).any() or (matrix < 0).any():
        raise ValueError("places and scores cannot be negative")
    flow = min(int(capacity.sum()), matrix.shape[1])
    if flow == 0:
        return Assignment([], 0.0)
    rows, cols = _candidate_arcs(matrix, capacity, flow)
    tenths = np.rint(matrix[rows, cols] * 10.0).astype(np.int64)
    chosen = _solve(rows, cols, tenths, capacity, flow)
    pairs = [(int(j), int(i)) for j, i in zip(rows[chosen], cols[chosen], strict=True)]
    return Assignment(pairs, int(tenths[chosen].sum()) / 10)


def _candidate_arcs(
    matrix: npt.NDArray[np.float64], capacity: npt.NDArray[np.int64], flow: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The eligible pairs worth an arc: for each opening j, only its `flow` best people.

    Why this loses nothing (T = flow = min(total places, people)): take an optimal assignment
    in which person i sits in opening j although i is not among j's best T people. At most T − 1
    other people are assigned (T is also the most that can be assigned at all), so one of j's
    best T people, say k, is unassigned. Moving j's place from i to k does not lower the total
    (s_jk ≥ s_ji) and keeps every constraint. Repeating this gives an optimal assignment that
    only uses each opening's best T people: the pruned graph still contains an optimum.

    Ties at the T-th score are all kept (a superset of some top T, so the argument holds), and
    the threshold comes from np.partition, linear per row, instead of a full sort.
    """
    people = matrix.shape[1]
    open_rows = capacity > 0
    if flow < people:
        kth = np.partition(matrix, people - flow, axis=1)[:, people - flow]
        keep = (matrix >= kth[:, None]) & (matrix > 0)
    else:
        keep = matrix > 0
    keep &= open_rows[:, None]
    rows, cols = np.nonzero(keep)
    return rows.astype(np.int64), cols.astype(np.int64)


def _solve(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    tenths: npt.NDArray[np.int64],
    capacity: npt.NDArray[np.int64],
    flow: int,
) -> npt.NDArray[np.bool_]:
    """Which candidate arcs carry a person in a min-cost flow (see the module's docstring)."""
    openings = len(capacity)
    first_person = FIRST_OPENING + openings
    used_people = np.unique(cols)
    solver = min_cost_flow.SimpleMinCostFlow()
    n_pairs = len(rows)
    tails = np.concatenate(
        [
            FIRST_OPENING + rows,  # pair arcs first: their indices are 0..n_pairs − 1
            np.full(openings, SOURCE),
            first_person + used_people,
            [SOURCE],
        ]
    )
    heads = np.concatenate(
        [
            first_person + cols,
            FIRST_OPENING + np.arange(openings),
            np.full(len(used_people), SINK),
            [SINK],
        ]
    )
    capacities = np.concatenate(
        [np.ones(n_pairs, np.int64), capacity, np.ones(len(used_people), np.int64), [flow]]
    )
    costs = np.concatenate([-tenths, np.zeros(openings + len(used_people) + 1, np.int64)])
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        costs.astype(np.int64),
    )
    solver.set_nodes_supplies(
        np.array([SOURCE, SINK], dtype=np.int32), np.array([flow, -flow], dtype=np.int64)
    )
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = np.asarray(solver.flows(np.arange(n_pairs, dtype=np.int32)))
    return flows > 0
