"""The optimal assignment: equal in total to an exhaustive search on small cases, within the
places of each opening, one opening per person, only eligible pairs."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ponte.matching.assignment import Assignment, assign


def brute_force(scores: np.ndarray, places: list[int]) -> float:
    """The best total by trying every choice of each person: an opening with a free place where
    they are eligible, or none. Small cases only (at most (openings + 1) ** people choices)."""
    openings, people = scores.shape

    def best(person: int, free: tuple[int, ...]) -> int:
        if person == people:
            return 0
        options = [best(person + 1, free)]
        for j in range(openings):
            tenths = round(scores[j, person] * 10)
            if tenths > 0 and free[j] > 0:
                left = free[:j] + (free[j] - 1,) + free[j + 1 :]
                options.append(tenths + best(person + 1, left))
        return max(options)

    return best(0, tuple(places)) / 10


def check_feasible(result: Assignment, scores: np.ndarray, places: list[int]) -> None:
    per_opening = Counter(j for j, _i in result.pairs)
    assert all(per_opening[j] <= places[j] for j in per_opening)
    people = [i for _j, i in result.pairs]
    assert len(people) == len(set(people))
    assert all(scores[j, i] > 0 for j, i in result.pairs)
    assert result.total == pytest.approx(sum(scores[j, i] for j, i in result.pairs))


@st.composite
def problems(draw) -> tuple[np.ndarray, list[int]]:
    openings = draw(st.integers(1, 5))
    people = draw(st.integers(0, 6))
    tenths = st.one_of(st.just(0), st.integers(1, 1000), st.sampled_from([500, 501, 700]))
    values = draw(st.lists(tenths, min_size=openings * people, max_size=openings * people))
    scores = np.array(values, dtype=np.float64).reshape(openings, people) / 10
    places = draw(st.lists(st.integers(1, 3), min_size=openings, max_size=openings))
    return scores, places


@settings(max_examples=400, deadline=None)
@given(problem=problems())
def test_it_finds_the_best_total_of_an_exhaustive_search(problem):
    scores, places = problem
    result = assign(scores, places)
    check_feasible(result, scores, places)
    assert result.total == brute_force(scores, places)


@settings(max_examples=300, deadline=None)
@given(problem=problems(), initial=st.integers(0, 1), added=st.integers(1, 2))
def test_pricing_from_a_small_graph_still_finds_the_best_total(problem, initial, added):
    """Starting from few pairs (or none), the rounds that add the improving pairs end on an
    optimum: the dual check is what makes the assignment exact."""
    scores, places = problem
    result = assign(scores, places, initial_per_place=initial, added_per_place=added)
    check_feasible(result, scores, places)
    assert result.total == brute_force(scores, places)


@pytest.mark.parametrize("seed", range(5))
def test_pricing_equals_the_flow_on_every_pair_on_larger_cases(seed):
    rng = np.random.default_rng(seed)
    openings, people = 40, 300
    tenths = rng.choice([0, 0, 350, 420, 500, 610, 777], size=(openings, people))
    tenths = np.where(tenths > 0, tenths + rng.integers(0, 3, size=tenths.shape), 0)
    scores = tenths / 10
    places = rng.integers(1, 4, size=openings)
    priced = assign(scores, places)
    everything = assign(scores, places, initial_per_place=people)
    check_feasible(priced, scores, list(places))
    assert priced.total == everything.total


@settings(max_examples=100, deadline=None)
@given(problem=problems(), extra=st.integers(0, 3))
def test_it_stays_exact_when_places_are_scarce(problem, extra):
    """Few places and more people: the pruning to each opening's best people is at work."""
    scores, places = problem
    scores = np.concatenate([scores, scores[:, : min(extra, scores.shape[1])]], axis=1)
    places = [1] * len(places)
    result = assign(scores, places)
    check_feasible(result, scores, places)
    assert result.total == brute_force(scores, places)


def test_it_prefers_the_better_total_to_the_best_single_pair():
    # Greedy would give person 0 to opening 0 (9.0) and leave opening 1 empty: 9.0 in all.
    scores = np.array([[9.0, 8.0], [8.5, 0.0]])
    result = assign(scores, [1, 1])
    assert result.pairs == [(0, 1), (1, 0)]
    assert result.total == 16.5


def test_it_fills_several_places_of_an_opening():
    scores = np.array([[50.0, 60.0, 70.0]])
    result = assign(scores, [2])
    assert result.pairs == [(0, 1), (0, 2)]
    assert result.total == 130.0


def test_with_no_people_nobody_is_assigned():
    assert assign(np.zeros((3, 0)), [1, 2, 3]) == Assignment([], 0.0)


def test_with_no_openings_nobody_is_assigned():
    assert assign(np.zeros((0, 4)), []) == Assignment([], 0.0)


def test_with_no_eligible_pair_nobody_is_assigned():
    assert assign(np.zeros((2, 3)), [1, 1]) == Assignment([], 0.0)


def test_with_more_places_than_people_places_stay_empty():
    scores = np.array([[40.0, 30.0], [45.0, 0.0]])
    result = assign(scores, [3, 3])
    assert sorted(result.pairs) == [(0, 1), (1, 0)]
    assert result.total == 75.0


def test_it_leaves_out_people_eligible_nowhere():
    scores = np.array([[0.0, 20.0, 0.0]])
    assert assign(scores, [3]).pairs == [(0, 1)]


def test_it_refuses_scores_that_do_not_fit_the_places():
    with pytest.raises(ValueError, match="places"):
        assign(np.zeros((2, 3)), [1])
    with pytest.raises(ValueError, match="negative"):
        assign(np.array([[-1.0]]), [1])
