"""The matching score: each factor's value and sentence on its edge cases, the weighted total,
the ranking order, and the vectorised path giving exactly the totals of the per-pair path."""

import math
from dataclasses import replace

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponte.matching.features import OPENING, SERVICE, PersonFeatures, PlaceFeatures
from ponte.matching.scoring import (
    FACTORS,
    PeopleMatrix,
    Score,
    distance_km,
    rank,
    score_matrix,
    score_pair,
)

CAVALESE = (46.291, 11.460)
PREDAZZO = (46.311, 11.602)
CANAZEI = (46.477, 11.771)
KM_PER_DEGREE_OF_LATITUDE = 2 * math.pi * 6371.0088 / 360
EQUAL = dict.fromkeys(FACTORS, 1)


@pytest.fixture(autouse=True)
def _english():
    """The sentences' message ids are English; the Italian translation comes separately."""
    with translation.override("en"):
        yield


def a_person(**fields) -> PersonFeatures:
    values = {
        "pk": 1,
        "code": "FF-AAAA",
        "level": 2,
        "skills": frozenset({"cucina", "haccp"}),
        "interests": frozenset({"ristorazione", "turismo"}),
        "latitude": CAVALESE[0],
        "longitude": CAVALESE[1],
        "municipality_name": "Cavalese",
        "valley_id": 1,
        "own_transport": False,
        "driving_licence": False,
        "hours_per_week": 20,
        "days": frozenset(range(5)),
        "waiting_days": 100,
        "occupied_hours": 0,
    }
    return PersonFeatures(**{**values, **fields})


def an_opening(**fields) -> PlaceFeatures:
    values = {
        "kind": OPENING,
        "pk": 1,
        "code": "OPEN0001",
        "title": "Aiuto cuoco",
        "min_level": 2,
        "levels": frozenset(range(2, 6)),
        "skills": frozenset({"cucina", "haccp"}),
        "words": frozenset({"aiuto", "cuoco", "cucina", "ristorazione"}),
        "latitude": CAVALESE[0],
        "longitude": CAVALESE[1],
        "municipality_name": "Cavalese",
        "hours_per_week": 20,
        "days": frozenset(range(5)),
    }
    return PlaceFeatures(**{**values, **fields})


def a_service(**fields) -> PlaceFeatures:
    values = {
        "kind": SERVICE,
        "min_level": 1,
        "levels": frozenset({1, 2}),
        "skills": frozenset(),
        "hours_per_week": None,
        "days": frozenset(),
    }
    return an_opening(**{**values, **fields})


def factor(score: Score, name: str):
    return next(f for f in score.factors if f.name == name)


def north_of_cavalese(km: float) -> dict[str, float]:
    return {"latitude": CAVALESE[0] + km / KM_PER_DEGREE_OF_LATITUDE, "longitude": CAVALESE[1]}


# Level ----------------------------------------------------------------------------------------


def test_it_makes_a_person_below_the_minimum_level_not_eligible():
    score = score_pair(a_person(level=1), an_opening(min_level=2), EQUAL)
    assert score.eligible is False
    assert score.total == 0
    assert factor(score, "level").sentence == "level 1, at least 2 required"


@pytest.mark.parametrize(
    ("level", "value", "sentence"),
    [
        (2, 1.0, "level 2, the minimum required"),
        (3, 0.8, "level 3, the minimum is 2"),
        (4, 0.5, "level 4, the minimum is 2"),
        (5, 0.5, "level 5, the minimum is 2"),
    ],
)
def test_it_prefers_the_level_at_the_minimum(level, value, sentence):
    score = score_pair(a_person(level=level), an_opening(min_level=2), EQUAL)
    assert score.eligible
    assert factor(score, "level").value == value
    assert factor(score, "level").sentence == sentence


def test_it_takes_only_the_levels_a_service_serves():
    served = score_pair(a_person(level=2), a_service(), EQUAL)
    assert served.eligible
    assert factor(served, "level").value == 1.0
    above = score_pair(a_person(level=3), a_service(), EQUAL)
    assert not above.eligible
    assert factor(above, "level").sentence == "level 3, the service takes levels 1, 2"


# Skills ---------------------------------------------------------------------------------------


def test_it_counts_the_share_of_the_skills_asked():
    person = a_person(skills=frozenset({"cucina", "pulizie"}))
    score = score_pair(person, an_opening(skills=frozenset({"cucina", "haccp"})), EQUAL)
    assert factor(score, "skills").value == 0.5
    assert factor(score, "skills").sentence == "1 of the 2 skills asked recorded: cucina"


def test_it_names_at_most_three_skills():
    skills = frozenset({"cassa", "cucina", "haccp", "pulizie"})
    score = score_pair(a_person(skills=skills), an_opening(skills=skills), EQUAL)
    assert factor(score, "skills").value == 1.0
    assert factor(score, "skills").sentence == (
        "4 of the 4 skills asked recorded: cassa, cucina, haccp, …"
    )


def test_it_says_when_no_skill_asked_is_recorded():
    score = score_pair(a_person(skills=frozenset()), an_opening(), EQUAL)
    assert factor(score, "skills").value == 0.0
    assert factor(score, "skills").sentence == "none of the 2 skills asked is recorded"


def test_an_opening_without_skills_asks_for_none():
    score = score_pair(a_person(skills=frozenset()), an_opening(skills=frozenset()), EQUAL)
    assert factor(score, "skills").value == 1.0
    assert factor(score, "skills").sentence == "no skill required"


# Distance -------------------------------------------------------------------------------------


def test_the_same_municipality_is_zero_km():
    score = score_pair(a_person(), an_opening(), EQUAL)
    assert factor(score, "distance").value == 1.0
    assert factor(score, "distance").sentence == "lives in the same municipality"


@pytest.mark.parametrize(
    ("km", "own_transport", "value"),
    [
        (10, True, 0.75),
        (10, False, 1 - 10 / 15),
        (20, True, 0.5),
        (20, False, 0.0),
        (40, True, 0.0),
        (40, False, 0.0),
    ],
)
def test_distance_counts_less_with_own_transport(km, own_transport, value):
    person = a_person(own_transport=own_transport, **north_of_cavalese(km))
    score = score_pair(person, an_opening(), EQUAL)
    assert factor(score, "distance").value == pytest.approx(value, abs=1e-9)


def test_it_says_how_far_and_whether_with_own_transport():
    with_car = score_pair(a_person(own_transport=True, **north_of_cavalese(4.5)), an_opening(), {})
    assert factor(with_car, "distance").sentence == "lives 4.5 km away, with own transport"
    on_foot = score_pair(a_person(**north_of_cavalese(12)), an_opening(), {})
    assert factor(on_foot, "distance").sentence == "lives 12.0 km away, without own transport"


def test_the_distance_is_written_with_the_italian_decimal_comma():
    with translation.override("it"):
        score = score_pair(a_person(**north_of_cavalese(4.5)), an_opening(), EQUAL)
    assert "4,5 km" in factor(score, "distance").sentence


def test_the_distance_between_municipalities_is_a_great_circle():
    assert distance_km(*CAVALESE, *CAVALESE) == 0.0
    assert 10 < distance_km(*CAVALESE, *PREDAZZO) < 12
    assert distance_km(*CAVALESE, *PREDAZZO) == distance_km(*PREDAZZO, *CAVALESE)


# Availability ---------------------------------------------------------------------------------


def test_it_compares_the_free_hours_with_the_hours_asked():
    person = a_person(hours_per_week=20, occupied_hours=10)
    score = score_pair(person, an_opening(hours_per_week=20, days=frozenset()), EQUAL)
    assert factor(score, "availability").value == (0.5 + 1.0) / 2
    assert factor(score, "availability").sentence == (
        "10 free hours a week (10 in placements), 20 asked; no fixed days"
    )


def test_hours_not_recorded_count_half():
    score = score_pair(a_person(hours_per_week=None), an_opening(), EQUAL)
    assert factor(score, "availability").value == (0.5 + 1.0) / 2
    assert factor(score, "availability").sentence == (
        "availability in hours not recorded; available on 5 of the 5 days asked"
    )


def test_it_counts_the_share_of_the_days_asked():
    person = a_person(days=frozenset({0, 1}), hours_per_week=30)
    score = score_pair(person, an_opening(days=frozenset({0, 1, 2, 3})), EQUAL)
    assert factor(score, "availability").value == (1.0 + 0.5) / 2
    assert factor(score, "availability").sentence == (
        "30 free hours a week, 20 asked; available on 2 of the 4 days asked"
    )


def test_days_not_recorded_count_half():
    score = score_pair(a_person(days=frozenset()), an_opening(), EQUAL)
    assert factor(score, "availability").value == (1.0 + 0.5) / 2
    assert "available days not recorded" in factor(score, "availability").sentence


def test_a_service_has_no_fixed_hours():
    score = score_pair(a_person(hours_per_week=None, days=frozenset()), a_service(), EQUAL)
    assert factor(score, "availability").value == 1.0
    assert factor(score, "availability").sentence == "no fixed hours"


# Preferences ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interests", "value"),
    [
        (set(), 0.5),
        ({"giardino"}, 0.0),
        ({"cucina", "giardino"}, 0.5),
        ({"cucina", "ristorazione"}, 1.0),
        ({"cucina", "ristorazione", "cuoco"}, 1.0),
    ],
)
def test_two_interests_found_in_the_description_are_enough(interests, value):
    score = score_pair(a_person(interests=frozenset(interests)), an_opening(), EQUAL)
    assert factor(score, "preferences").value == value


def test_it_says_when_no_interests_are_recorded():
    score = score_pair(a_person(interests=frozenset()), an_opening(), EQUAL)
    assert factor(score, "preferences").sentence == "no interests recorded"


def test_it_names_the_interests_found():
    person = a_person(interests=frozenset({"ristorazione", "cucina", "giardino"}))
    score = score_pair(person, an_opening(), EQUAL)
    assert factor(score, "preferences").sentence == (
        "interests found in the description: cucina, ristorazione"
    )


# Waiting --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "value", "sentence"),
    [
        (0, 0.0, "waiting for 0 days"),
        (1, 1 / 365, "waiting for 1 day"),
        (59, 59 / 365, "waiting for 59 days"),
        (200, 200 / 365, "waiting for 6 months"),
        (400, 1.0, "waiting for 13 months"),
    ],
)
def test_waiting_grows_for_a_year(days, value, sentence):
    score = score_pair(a_person(waiting_days=days), an_opening(), EQUAL)
    assert factor(score, "waiting").value == value
    assert factor(score, "waiting").sentence == sentence


# The total ------------------------------------------------------------------------------------


def test_the_total_is_the_weighted_mean_to_one_decimal():
    # level 1.0, skills 0.5, distance 1.0, availability 1.0, preferences 0.5, waiting 0.
    person = a_person(skills=frozenset({"cucina"}), interests=frozenset({"cuoco"}), waiting_days=0)
    weights = {"level": 3, "skills": 3, "distance": 2, "availability": 2, "preferences": 2}
    score = score_pair(person, an_opening(), {**weights, "waiting": 1})
    assert score.total == round(100 * (3 + 1.5 + 2 + 2 + 1 + 0) / 13, 1) == 73.1
    assert [f.weight for f in score.factors] == [3, 3, 2, 2, 2, 1]


def test_all_weights_zero_count_every_factor_alike():
    person = a_person(skills=frozenset({"cucina"}), interests=frozenset({"cuoco"}), waiting_days=0)
    zero = score_pair(person, an_opening(), dict.fromkeys(FACTORS, 0))
    assert zero.total == score_pair(person, an_opening(), EQUAL).total == 66.7
    assert {f.weight for f in zero.factors} == {1.0}


def test_a_factor_weighted_zero_does_not_count():
    person = a_person(skills=frozenset())
    weights = {**EQUAL, "skills": 0}
    assert (
        score_pair(person, an_opening(), weights).total
        > score_pair(person, an_opening(), EQUAL).total
    )


# Ranking --------------------------------------------------------------------------------------


def test_it_ranks_by_total_then_by_code_and_leaves_out_who_is_not_eligible():
    people = [
        a_person(pk=1, code="FF-DDDD", level=2),
        a_person(pk=2, code="FF-BBBB", level=2),  # same total as FF-DDDD: first by code
        a_person(pk=3, code="FF-CCCC", level=4),  # above the minimum: lower
        a_person(pk=4, code="FF-AAAA", level=1),  # below the minimum: left out
        a_person(pk=5, code="FF-EEEE", level=2, waiting_days=365),  # waited longer: first
    ]
    matrix = PeopleMatrix.from_features(people)
    indices, totals = rank(an_opening(), matrix, EQUAL)
    assert [people[i].code for i in indices] == ["FF-EEEE", "FF-BBBB", "FF-DDDD", "FF-CCCC"]
    assert list(totals) == [score_pair(people[i], an_opening(), EQUAL).total for i in indices]
    first_two, _totals = rank(an_opening(), matrix, EQUAL, limit=2)
    assert [people[i].code for i in first_two] == ["FF-EEEE", "FF-BBBB"]
    assert len(rank(an_opening(), matrix, EQUAL, limit=0)[0]) == 0


def test_ranking_an_empty_pool_gives_nobody():
    indices, totals = rank(an_opening(), PeopleMatrix.from_features([]), EQUAL)
    assert len(indices) == len(totals) == 0
    assert score_matrix([an_opening()], PeopleMatrix.from_features([]), EQUAL).shape == (1, 0)


def test_the_score_matrix_has_zero_where_not_eligible():
    people = [a_person(pk=1, level=1), a_person(pk=2, code="FF-BBBB", level=3)]
    places = [an_opening(), a_service()]
    totals = score_matrix(places, PeopleMatrix.from_features(people), EQUAL)
    assert totals.shape == (2, 2)
    assert totals[0, 0] == 0 and totals[1, 1] == 0
    assert totals[0, 1] == score_pair(people[1], places[0], EQUAL).total
    assert totals[1, 0] == score_pair(people[0], places[1], EQUAL).total


# The vectorised path equals the per-pair one --------------------------------------------------

TOKENS = ["cucina", "haccp", "pulizie", "magazzino", "cassa", "uso del muletto"]
WORDS = ["cucina", "turismo", "animali", "aperto", "vendita", "ristorazione"]
PLACES = [CAVALESE, PREDAZZO, CANAZEI]
coordinates = st.one_of(
    st.sampled_from(PLACES),
    st.tuples(st.floats(46.0, 46.6), st.floats(11.2, 11.9)),
)
tokens = st.frozensets(st.sampled_from(TOKENS), max_size=4)
words = st.frozensets(st.sampled_from(WORDS + TOKENS[:2]), max_size=5)
days = st.frozensets(st.integers(0, 6), max_size=7)


@st.composite
def people_lists(draw) -> list[PersonFeatures]:
    n = draw(st.integers(0, 12))
    people = []
    for i in range(n):
        lat, lon = draw(coordinates)
        people.append(
            a_person(
                pk=i,
                code=f"FF-{draw(st.integers(0, 9999)):04d}-{i}",
                level=draw(st.integers(0, 5)),
                skills=draw(tokens),
                interests=draw(words),
                latitude=lat,
                longitude=lon,
                own_transport=draw(st.booleans()),
                hours_per_week=draw(st.none() | st.integers(0, 40)),
                days=draw(days),
                waiting_days=draw(st.integers(0, 800)),
                occupied_hours=draw(st.integers(0, 40)),
            )
        )
    return people


@st.composite
def places_lists(draw) -> list[PlaceFeatures]:
    places = []
    for i in range(draw(st.integers(1, 4))):
        lat, lon = draw(coordinates)
        if draw(st.booleans()):
            minimum = draw(st.integers(0, 5))
            place = an_opening(
                pk=i,
                min_level=minimum,
                levels=frozenset(range(minimum, 6)),
                skills=draw(tokens),
                words=draw(words),
                hours_per_week=draw(st.none() | st.integers(1, 40)),
                days=draw(days),
            )
        else:
            levels = draw(st.frozensets(st.integers(0, 5), max_size=3))
            place = a_service(pk=i, levels=levels, min_level=min(levels, default=0))
            place = replace(place, words=draw(words))
        places.append(replace(place, latitude=lat, longitude=lon))
    return places


weights_dicts = st.fixed_dictionaries({name: st.integers(0, 10) for name in FACTORS})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_lists(), places=places_lists(), weights=weights_dicts)
def test_the_vectorised_totals_equal_the_per_pair_totals(people, places, weights):
    matrix = PeopleMatrix.from_features(people)
    totals = score_matrix(places, matrix, weights)
    for j, place in enumerate(places):
        expected = [score_pair(person, place, weights) for person in people]
        assert list(totals[j]) == [s.total if s.eligible else 0.0 for s in expected]
        indices, ranked = rank(place, matrix, weights)
        eligible = [i for i, s in enumerate(expected) if s.eligible]
        assert sorted(indices.tolist()) == eligible
        assert ranked.tolist() == [expected[i].total for i in indices]
        keys = [(-expected[i].total, people[i].code) for i in indices]
        assert keys == sorted(keys)
        limited, _totals = rank(place, matrix, weights, limit=3)
        assert limited.tolist() == indices[:3].tolist()


def test_ranking_takes_numpy_arrays_of_row_indices():
    matrix = PeopleMatrix.from_features([a_person()])
    indices, totals = rank(an_opening(), matrix, EQUAL)
    assert indices.dtype == np.int64
    assert totals.dtype == np.float64
