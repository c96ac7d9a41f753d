"""The optimal assignment of people to openings: the highest total score under the places of each
opening, with at most one opening per person. Places may stay empty and people unassigned.

Exact, not greedy: a min-cost flow (OR-Tools' SimpleMinCostFlow) on integer costs. Scores are
totals with one decimal, so tenths of a point are integers and nothing is lost in rounding.

    source ──(places of j, 0)──▶ opening j ──(1, −tenths of s_ji)──▶ person i ──(1, 0)──▶ sink
    source ─────────────────────────(F, 0)─────────────────────────────────────────────▶ sink

The source supplies F = min(total places, people) units and the sink takes them; the bypass arc
carries whatever is not worth assigning, so every place can stay empty and the flow is always
feasible. Minimising the cost maximises the total score. Only eligible pairs (score > 0) are arcs.

Two steps keep 10,000 people × 1,000 openings well under the 2 s budget without giving up
exactness:

1. Pruning (`_universe`): each opening only needs its best T = F people (proof there).
2. Pricing (`assign`): even so, T ≈ 2,000 people per opening is two million arcs, and an optimum
   uses a few thousand. So the flow is solved first on each opening's best few people, then
   every pruned-in pair is priced with the dual potentials of that solution: a pair whose score
   exceeds u_j + v_i could improve it and joins the graph; when none does, linear-programming
   duality (the reduced costs of every arc are then non-negative, so no improving cycle exists)
   proves the solution optimal for the whole pruned graph, hence for the whole problem.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

SOURCE = 0
SINK = 1
FIRST_OPENING = 2
# Tuning of the pricing loop (the result does not depend on them, only the time).
INITIAL_PER_PLACE = 2  # each opening starts with its best 2 × (most places) people
ADDED_PER_PLACE = 2  # and each round adds its 2 × (most places) most improving pairs

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Assignment:
    """(opening index, person index) pairs, by opening then person, and their total score."""

    pairs: list[tuple[int, int]]
    total: float


@dataclass(frozen=True, slots=True)
class _Universe:
    """The pairs that survive the pruning, as blocks of one row per opening: cols[j, k] is the
    k-th candidate person of opening j, tenths[j, k] the score in tenths (0 = not an arc)."""

    cols: Ints
    tenths: Ints


def assign(
    scores: npt.ArrayLike,
    places: Sequence[int] | npt.ArrayLike,
    *,
    initial_per_place: int = INITIAL_PER_PLACE,
    added_per_place: int = ADDED_PER_PLACE,
) -> Assignment:
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
    first = min(flow, max(0, initial_per_place) * int(capacity.max()))
    universe = _universe(matrix, capacity, flow, first)
    network = _Network(universe, capacity, matrix.shape[1], flow)
    in_graph = (np.arange(universe.cols.shape[1]) < first)[None, :] & (universe.tenths > 0)
    added = max(1, added_per_place) * int(capacity.max())
    while True:
        network.solve(in_graph)
        improving = network.improving(in_graph)
        if not improving.any():
            return network.assignment()
        in_graph |= _most_improving(improving, network.slack, added)


def _universe(matrix: npt.NDArray[np.float64], capacity: Ints, flow: int, first: int) -> _Universe:
    """Each opening's best `flow` people (T below), with its best `first` ones in front.

    Why the rest can go (T = flow = min(total places, people)): take an optimal assignment in
    which person i sits in opening j although i is not among j's best T people. At most T − 1
    other people are assigned (T is the most that can be assigned at all), so one of j's best T
    people, say k, is unassigned. Giving j's place to k instead of i does not lower the total
    (s_jk ≥ s_ji) and keeps every constraint. Repeating this gives an optimal assignment that
    only uses each opening's best T people: the pruned graph still contains an optimum.

    np.argpartition finds both groups in linear time per row, without sorting anyone.
    """
    kth = sorted({k for k in (first - 1, flow - 1) if k >= 0})
    cols = np.argpartition(-matrix, kth, axis=1)[:, :flow]
    tenths = np.rint(np.take_along_axis(matrix, cols, axis=1) * 10.0).astype(np.int64)
    tenths[capacity <= 0] = 0
    return _Universe(cols.astype(np.int64), tenths)


def _most_improving(improving: Bools, slack: Ints, most: int) -> Bools:
    """Of the improving pairs, the `most` with the largest gain in each opening's row (at
    least one per row that has any, so that every round makes progress)."""
    width = min(most, improving.shape[1])
    gain = np.where(improving, -slack, 0)
    best = np.argpartition(-gain, width - 1, axis=1)[:, :width]
    chosen = np.zeros_like(improving)
    np.put_along_axis(chosen, best, True, axis=1)
    return chosen & improving


class _Network:
    """The flow network on the pairs in the graph, its optimal flow and its dual potentials."""

    def __init__(self, universe: _Universe, capacity: Ints, people: int, flow: int) -> None:
        self.universe = universe
        self.capacity = capacity
        self.people = people
        self.flow = flow
        self.openings = len(capacity)
        self.first_person = FIRST_OPENING + self.openings
        self.rows: Ints = np.empty(0, dtype=np.int64)
        self.cols: Ints = np.empty(0, dtype=np.int64)
        self.tenths: Ints = np.empty(0, dtype=np.int64)
        self.used: Bools = np.empty(0, dtype=np.bool_)
        self.slack: Ints = np.empty(0, dtype=np.int64)

    def solve(self, in_graph: Bools) -> None:
        """The min-cost flow on the pairs in the graph (see the module's docstring)."""
        rows, ks = np.nonzero(in_graph)
        self.rows = rows.astype(np.int64)
        self.cols = self.universe.cols[rows, ks]
        self.tenths = self.universe.tenths[rows, ks]
        n_pairs, openings, people = len(rows), self.openings, self.people
        tails = np.concatenate(
            [
                FIRST_OPENING + self.rows,  # pair arcs first: their indices are 0..n_pairs − 1
                np.full(openings, SOURCE),
                self.first_person + np.arange(people),
                [SOURCE],
            ]
        )
        heads = np.concatenate(
            [
                self.first_person + self.cols,
                FIRST_OPENING + np.arange(openings),
                np.full(people, SINK),
                [SINK],
            ]
        )
        capacities = np.concatenate(
            [np.ones(n_pairs, np.int64), self.capacity, np.ones(people, np.int64), [self.flow]]
        )
        costs = np.concatenate([-self.tenths, np.zeros(openings + people + 1, np.int64)])
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32), heads.astype(np.int32), capacities, costs.astype(np.int64)
        )
        solver.set_nodes_supplies(
            np.array([SOURCE, SINK], dtype=np.int32),
            np.array([self.flow, -self.flow], dtype=np.int64),
        )
        status = solver.solve()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: {status}")
        self.used = np.asarray(solver.flows(np.arange(n_pairs, dtype=np.int32))) > 0

    def improving(self, in_graph: Bools) -> Bools:
        """The pairs of the universe outside the graph whose score exceeds u_j + v_i: those
        that could improve the flow. `slack` keeps u_j + v_i − score for every pair."""
        u, v = self._duals()
        self.slack = u[:, None] + v[self.universe.cols] - self.universe.tenths
        return (self.slack < 0) & ~in_graph & (self.universe.tenths > 0)

    def _duals(self) -> tuple[Ints, Ints]:
        """Dual values of openings (u) and people (v) from shortest-path potentials d of the
        residual network of the optimal flow: u_j = d(j) − d(sink), v_i = d(sink) − d(i) for
        assigned people and 0 for the others (valid: an unassigned person's only residual arc
        out goes to the sink at cost 0). Every residual arc then has a non-negative reduced
        cost, which for a pair not in the graph reads score ≤ u_j + v_i."""
        assigned = np.zeros(self.people, dtype=np.bool_)
        assigned[self.cols[self.used]] = True
        d = _shortest_from_everywhere(*self._residual(assigned), self.first_person + self.people)
        u = d[FIRST_OPENING : self.first_person] - d[SINK]
        v = np.where(assigned, d[SINK] - d[self.first_person :], 0)
        return u, v

    def _residual(self, assigned: Bools) -> tuple[Ints, Ints, Ints]:
        """Tails, heads and costs of the arcs with room left in the residual network."""
        used, rows, cols, tenths = self.used, self.rows, self.cols, self.tenths
        openings = FIRST_OPENING + np.arange(self.openings)
        people = self.first_person + np.arange(self.people)
        load = np.bincount(rows[used], minlength=self.openings)
        carried = int(used.sum())
        arcs = _Arcs()
        arcs.add(FIRST_OPENING + rows[~used], self.first_person + cols[~used], -tenths[~used])
        arcs.add(self.first_person + cols[used], FIRST_OPENING + rows[used], tenths[used])
        arcs.between(SOURCE, openings[load < self.capacity])  # places left
        arcs.into(openings[load > 0], SOURCE)  # places taken
        arcs.into(people[~assigned], SINK)
        arcs.between(SINK, people[assigned])
        if carried > 0:  # the bypass could carry more
            arcs.between(SOURCE, np.array([SINK]))
        if carried < self.flow:  # the bypass carries something
            arcs.between(SINK, np.array([SOURCE]))
        return arcs.arrays()

    def assignment(self) -> Assignment:
        order = np.lexsort((self.cols[self.used], self.rows[self.used]))
        rows, cols = self.rows[self.used][order], self.cols[self.used][order]
        pairs = [(int(j), int(i)) for j, i in zip(rows, cols, strict=True)]
        return Assignment(pairs, int(self.tenths[self.used].sum()) / 10)


class _Arcs:
    """Arcs gathered group by group into three arrays."""

    def __init__(self) -> None:
        self.tails: list[Ints] = []
        self.heads: list[Ints] = []
        self.costs: list[Ints] = []

    def add(self, tails: Ints, heads: Ints, costs: Ints | None = None) -> None:
        self.tails.append(tails)
        self.heads.append(heads)
        self.costs.append(np.zeros(len(tails), np.int64) if costs is None else costs)

    def between(self, tail: int, heads: Ints) -> None:
        """Arcs from one node to each of `heads`, at cost 0."""
        self.add(np.full(len(heads), tail, dtype=np.int64), heads)

    def into(self, tails: Ints, head: int) -> None:
        """Arcs from each of `tails` to one node, at cost 0."""
        self.add(tails, np.full(len(tails), head, dtype=np.int64))

    def arrays(self) -> tuple[Ints, Ints, Ints]:
        return (
            np.concatenate(self.tails).astype(np.int64),
            np.concatenate(self.heads).astype(np.int64),
            np.concatenate(self.costs).astype(np.int64),
        )


def _shortest_from_everywhere(tails: Ints, heads: Ints, costs: Ints, nodes: int) -> Ints:
    """Bellman–Ford from a virtual root joined to every node at cost 0, vectorised: the
    distances are potentials with non-negative reduced costs on every arc. The residual
    network of an optimal flow has no negative cycle, so it ends within `nodes` rounds."""
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]]) if len(heads) else heads
    targets = heads[starts]
    distance = np.zeros(nodes, dtype=np.int64)
    for _round in range(nodes + 1):
        if not len(heads):
            return distance
        best = np.minimum.reduceat(distance[tails] + costs, starts)
        improved = best < distance[targets]
        if not improved.any():
            return distance
        distance[targets[improved]] = best[improved]
    raise RuntimeError("negative cycle in the residual network: the flow was not optimal")
