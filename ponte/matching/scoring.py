"""The matching score of a person for a place (an opening or a service of the chain), with the
reasons: six named factors, each a value in [0, 1] and a short sentence that states only what
Ponte knows from its data ("lives 4 km away, without own transport"), never a judgement.

The total is the weighted mean of the factors on 0–100, to one decimal; a person below the
minimum level of an opening (or outside the levels a service takes) is not eligible at all,
whatever the weights.

There are two ways to the same numbers:

- `score_pair` scores one pair with its sentences, for display;
- `PeopleMatrix` holds a whole candidate pool as numpy arrays, and `rank` / `score_matrix`
  compute the totals of every person at once, for ranking and for the optimal assignment.

Both compute every factor with the same float64 operations in the same order and round the
same way (half to even on tenths), so their totals are equal to the last bit (a property test
checks it): a list sorted by `rank` shows the totals `score_pair` explains.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.matching.features import OPENING, PersonFeatures, PlaceFeatures

FACTORS = ("level", "skills", "distance", "availability", "preferences", "waiting")

# Level: at the minimum the step is the right one; above it the person could aim higher.
LEVEL_AT_MINIMUM = 1.0
LEVEL_ONE_ABOVE = 0.8
LEVEL_FURTHER_ABOVE = 0.5
# Distance at which the factor reaches 0, with and without own means of transport.
REACH_WITH_TRANSPORT_KM = 40.0
REACH_WITHOUT_TRANSPORT_KM = 15.0
EARTH_RADIUS_KM = 6371.0088
# What a factor is worth when Ponte does not know (hours, days or interests not recorded).
NOT_RECORDED = 0.5
# Two interests found in the description are enough for the whole factor.
INTERESTS_ENOUGH = 2.0
# A year of waiting gives the whole factor.
WAITING_FULL_DAYS = 365.0
# Waiting times under this many days are said in days, longer ones in months.
WAITING_IN_DAYS_BELOW = 60
DAYS_PER_MONTH = 365 / 12
# Most skills or interests named in a sentence.
NAMED_AT_MOST = 3
# Totals are kept as tenths: 0–1000.
MAX_TENTHS = 1000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Factor:
    name: str
    value: float
    sentence: str
    weight: float


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    eligible: bool
    factors: tuple[Factor, ...]


# Shared arithmetic: the scalar and the vectorised paths call these or repeat them exactly.


def effective_weights(weights: Mapping[str, float]) -> tuple[float, ...]:
    """The weights of FACTORS, in order; all zero (or missing) means all equal, since a score
    that ignores everything would rank nobody."""
    values = tuple(max(0.0, float(weights.get(name, 0))) for name in FACTORS)
    return values if any(values) else (1.0,) * len(FACTORS)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two municipalities, in km."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _round_tenths(raw: float) -> int:
    """Tenths of a total, half to even: the same as numpy.rint on the same float."""
    return round(raw * 10.0)


# One pair, with the sentences ---------------------------------------------------------------


def is_eligible(person: PersonFeatures, place: PlaceFeatures) -> bool:
    """At least the opening's minimum level; among the levels a service takes."""
    if place.kind == OPENING:
        return person.level >= place.min_level
    return person.level in place.levels


def level_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    level = number_format(person.level)
    if place.kind != OPENING:
        levels = ", ".join(number_format(n) for n in sorted(place.levels))
        if person.level in place.levels:
            return 1.0, _("level %(level)s, among the levels the service takes (%(levels)s)") % {
                "level": level,
                "levels": levels,
            }
        return 0.0, _("level %(level)s, the service takes levels %(levels)s") % {
            "level": level,
            "levels": levels or "–",
        }
    minimum = number_format(place.min_level)
    above = person.level - place.min_level
    if above < 0:
        sentence = _("level %(level)s, at least %(minimum)s required")
        return 0.0, sentence % {"level": level, "minimum": minimum}
    if above == 0:
        return LEVEL_AT_MINIMUM, _("level %(level)s, the minimum required") % {"level": level}
    value = LEVEL_ONE_ABOVE if above == 1 else LEVEL_FURTHER_ABOVE
    sentence = _("level %(level)s, the minimum is %(minimum)s")
    return value, sentence % {"level": level, "minimum": minimum}


def skills_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    required = place.skills
    if not required:
        return 1.0, _("no skill required")
    matched = sorted(required & person.skills)
    counts = {"matched": number_format(len(matched)), "required": number_format(len(required))}
    value = len(matched) / len(required)
    if not matched:
        return value, _("none of the %(required)s skills asked is recorded") % counts
    sentence = _("%(matched)s of the %(required)s skills asked recorded: %(skills)s")
    return value, sentence % {**counts, "skills": _named(matched)}


def distance_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    km = distance_km(person.latitude, person.longitude, place.latitude, place.longitude)
    value = max(0.0, 1.0 - km / _reach(person.own_transport))
    if km == 0.0:
        return value, _("lives in the same municipality")
    shown = number_format(round(km, 1), decimal_pos=1)
    if person.own_transport:
        return value, _("lives %(km)s km away, with own transport") % {"km": shown}
    return value, _("lives %(km)s km away, without own transport") % {"km": shown}


def _reach(own_transport: bool) -> float:
    return REACH_WITH_TRANSPORT_KM if own_transport else REACH_WITHOUT_TRANSPORT_KM


def availability_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    """The mean of an hours part and a days part; a place with neither (a service) fits."""
    if place.hours_per_week is None and not place.days:
        return 1.0, _("no fixed hours")
    hours, hours_sentence = _hours_part(person, place.hours_per_week)
    days, days_sentence = _days_part(person, place.days)
    return (hours + days) / 2.0, "; ".join((hours_sentence, days_sentence))


def _hours_part(person: PersonFeatures, asked: int | None) -> tuple[float, str]:
    if asked is None:
        return 1.0, _("no fixed hours")
    if person.hours_per_week is None:
        return NOT_RECORDED, _("availability in hours not recorded")
    free = float(person.hours_per_week - person.occupied_hours)
    value = min(1.0, max(0.0, free) / asked)
    numbers = {"free": number_format(max(0, int(free))), "asked": number_format(asked)}
    if person.occupied_hours:
        sentence = _("%(free)s free hours a week (%(taken)s in placements), %(asked)s asked")
        return value, sentence % {**numbers, "taken": number_format(person.occupied_hours)}
    return value, _("%(free)s free hours a week, %(asked)s asked") % numbers


def _days_part(person: PersonFeatures, asked: frozenset[int]) -> tuple[float, str]:
    if not asked:
        return 1.0, _("no fixed days")
    if not person.days:
        return NOT_RECORDED, _("available days not recorded")
    matched = len(person.days & asked)
    sentence = _("available on %(matched)s of the %(asked)s days asked")
    numbers = {"matched": number_format(matched), "asked": number_format(len(asked))}
    return matched / len(asked), sentence % numbers


def preferences_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    if not person.interests:
        return NOT_RECORDED, _("no interests recorded")
    found = sorted(person.interests & (place.words | place.skills))
    value = min(1.0, len(found) / INTERESTS_ENOUGH)
    if not found:
        return value, _("no recorded interest appears in the description")
    return value, _("interests found in the description: %(words)s") % {"words": _named(found)}


def waiting_factor(person: PersonFeatures, place: PlaceFeatures) -> tuple[float, str]:
    days = person.waiting_days
    value = min(1.0, days / WAITING_FULL_DAYS)
    if days < WAITING_IN_DAYS_BELOW:
        sentence = ngettext("waiting for %(count)s day", "waiting for %(count)s days", days)
        return value, sentence % {"count": number_format(days)}
    months = int(days / DAYS_PER_MONTH)
    sentence = ngettext("waiting for %(count)s month", "waiting for %(count)s months", months)
    return value, sentence % {"count": number_format(months)}


def _named(items: Sequence[str]) -> str:
    """Up to NAMED_AT_MOST items, with an ellipsis when there are more."""
    shown = ", ".join(items[:NAMED_AT_MOST])
    return f"{shown}, …" if len(items) > NAMED_AT_MOST else shown


FACTOR_FUNCTIONS = (
    level_factor,
    skills_factor,
    distance_factor,
    availability_factor,
    preferences_factor,
    waiting_factor,
)


def score_pair(person: PersonFeatures, place: PlaceFeatures, weights: Mapping[str, float]) -> Score:
    """The score of one pair with every factor explained (the sentences follow the active
    language)."""
    used = effective_weights(weights)
    factors = tuple(
        Factor(name, *function(person, place), weight)
        for name, function, weight in zip(FACTORS, FACTOR_FUNCTIONS, used, strict=True)
    )
    eligible = is_eligible(person, place)
    if not eligible:
        return Score(0.0, False, factors)
    numerator = 0.0
    for factor in factors:
        numerator += factor.weight * factor.value
    tenths = _round_tenths(100.0 * numerator / sum(used))
    return Score(tenths / 10, True, factors)


# Many people at once ------------------------------------------------------------------------

# Number of days set in a 7-bit mask of weekdays.
_POPCOUNT = np.array([bin(mask).count("1") for mask in range(128)], dtype=np.int64)


def _day_mask(days: Iterable[int]) -> int:
    return sum(1 << day for day in days if 0 <= day <= 6)


def _inverted_index(token_sets: Iterable[frozenset[str]]) -> dict[str, IntArray]:
    """token → the rows that have it: an opening's few skills are then counted by adding ones
    at a few index arrays instead of intersecting a set per person."""
    rows: dict[str, list[int]] = {}
    for row, tokens in enumerate(token_sets):
        for token in tokens:
            rows.setdefault(token, []).append(row)
    return {token: np.array(found, dtype=np.int64) for token, found in rows.items()}


@dataclass(frozen=True, slots=True, eq=False)
class PeopleMatrix:
    """A candidate pool as column arrays, one row per person (in the order given)."""

    people: tuple[PersonFeatures, ...]
    code_rank: IntArray  # position of each person's code in code order: ties break on it
    level: IntArray
    location_index: IntArray  # row → index into `locations`
    locations: tuple[tuple[float, float], ...]  # the distinct (latitude, longitude)
    own_transport: BoolArray
    hours_known: BoolArray
    free_hours: FloatArray  # hours per week minus hours already in placements (0 if unknown)
    day_mask: IntArray  # bit d set: available on weekday d; 0 = not recorded
    has_interests: BoolArray
    waiting: FloatArray  # the waiting factor, which does not depend on the place
    skills_index: dict[str, IntArray]
    interests_index: dict[str, IntArray]

    @classmethod
    def from_features(cls, people: Sequence[PersonFeatures]) -> "PeopleMatrix":
        n = len(people)
        locations: dict[tuple[float, float], int] = {}
        location_index = [
            locations.setdefault((p.latitude, p.longitude), len(locations)) for p in people
        ]
        code_rank = np.empty(n, dtype=np.int64)
        code_rank[sorted(range(n), key=lambda i: people[i].code)] = np.arange(n)
        hours = [p.hours_per_week for p in people]
        waiting_days = np.array([p.waiting_days for p in people], dtype=np.float64)
        return cls(
            people=tuple(people),
            code_rank=code_rank,
            level=np.array([p.level for p in people], dtype=np.int64),
            location_index=np.array(location_index, dtype=np.int64),
            locations=tuple(locations),
            own_transport=np.array([p.own_transport for p in people], dtype=np.bool_),
            hours_known=np.array([h is not None for h in hours], dtype=np.bool_),
            free_hours=np.array(
                [
                    0.0 if h is None else float(h - p.occupied_hours)
                    for h, p in zip(hours, people, strict=True)
                ],
                dtype=np.float64,
            ),
            day_mask=np.array([_day_mask(p.days) for p in people], dtype=np.int64),
            has_interests=np.array([bool(p.interests) for p in people], dtype=np.bool_),
            waiting=np.minimum(1.0, waiting_days / WAITING_FULL_DAYS),
            skills_index=_inverted_index(p.skills for p in people),
            interests_index=_inverted_index(p.interests for p in people),
        )

    def __len__(self) -> int:
        return len(self.people)


class _Scorer:
    """Totals of every person of a matrix for place after place. The parts that depend on only
    a few properties of the place (its level rule, its municipality, its hours and days) are
    cached, which is what makes a thousand openings cheap."""

    def __init__(self, matrix: PeopleMatrix, weights: Mapping[str, float]) -> None:
        self.m = matrix
        self.weights = effective_weights(weights)
        self.total_weight = sum(self.weights)
        self._levels: dict[tuple[str, int, frozenset[int]], tuple[FloatArray, BoolArray]] = {}
        self._distances: dict[tuple[float, float], FloatArray] = {}
        self._availability: dict[tuple[int | None, frozenset[int]], FloatArray | float] = {}

    def tenths(self, place: PlaceFeatures) -> tuple[FloatArray, BoolArray]:
        """Each person's total in tenths (0–1000, as floats) and whether they are eligible."""
        level, eligible = self._level(place)
        values = (
            level,
            self._skills(place),
            self._distance(place),
            self._available(place),
            self._preferences(place),
            self.m.waiting,
        )
        # The same sum, in the same order, as score_pair's loop (0.0 + x is x exactly).
        numerator = self.weights[0] * values[0]
        for weight, value in zip(self.weights[1:], values[1:], strict=True):
            numerator = numerator + weight * value
        raw = 100.0 * numerator / self.total_weight
        return np.rint(raw * 10.0), eligible

    def _level(self, place: PlaceFeatures) -> tuple[FloatArray, BoolArray]:
        key = (place.kind, place.min_level, place.levels)
        if key not in self._levels:
            level = self.m.level
            if place.kind == OPENING:
                above = level - place.min_level
                eligible = above >= 0
                value = np.where(
                    above == 0,
                    LEVEL_AT_MINIMUM,
                    np.where(above == 1, LEVEL_ONE_ABOVE, LEVEL_FURTHER_ABOVE),
                )
            else:
                eligible = np.isin(level, np.array(sorted(place.levels), dtype=np.int64))
                value = np.ones(len(level), dtype=np.float64)
            self._levels[key] = (np.where(eligible, value, 0.0), eligible)
        return self._levels[key]

    def _skills(self, place: PlaceFeatures) -> FloatArray | float:
        if not place.skills:
            return 1.0
        return self._count(self.m.skills_index, place.skills) / len(place.skills)

    def _count(self, index: dict[str, IntArray], tokens: Iterable[str]) -> IntArray:
        """How many of the tokens each person has (each index array holds a row once)."""
        counts = np.zeros(len(self.m), dtype=np.int64)
        for token in tokens:
            rows = index.get(token)
            if rows is not None:
                counts[rows] += 1
        return counts

    def _distance(self, place: PlaceFeatures) -> FloatArray:
        key = (place.latitude, place.longitude)
        if key not in self._distances:
            by_location = np.array(
                [distance_km(lat, lon, *key) for lat, lon in self.m.locations], dtype=np.float64
            )
            km = by_location[self.m.location_index]
            reach = np.where(
                self.m.own_transport, REACH_WITH_TRANSPORT_KM, REACH_WITHOUT_TRANSPORT_KM
            )
            self._distances[key] = np.maximum(0.0, 1.0 - km / reach)
        return self._distances[key]

    def _available(self, place: PlaceFeatures) -> FloatArray | float:
        if place.hours_per_week is None and not place.days:
            return 1.0
        key = (place.hours_per_week, place.days)
        if key not in self._availability:
            self._availability[key] = (
                self._hours(place.hours_per_week) + self._days(place.days)
            ) / 2.0
        return self._availability[key]

    def _hours(self, asked: int | None) -> FloatArray | float:
        if asked is None:
            return 1.0
        value = np.minimum(1.0, np.maximum(0.0, self.m.free_hours) / asked)
        return np.where(self.m.hours_known, value, NOT_RECORDED)

    def _days(self, asked: frozenset[int]) -> FloatArray | float:
        if not asked:
            return 1.0
        matched = _POPCOUNT[self.m.day_mask & _day_mask(asked)]
        return np.where(self.m.day_mask == 0, NOT_RECORDED, matched / len(asked))

    def _preferences(self, place: PlaceFeatures) -> FloatArray:
        found = self._count(self.m.interests_index, place.words | place.skills)
        return np.where(
            self.m.has_interests, np.minimum(1.0, found / INTERESTS_ENOUGH), NOT_RECORDED
        )


def rank(
    place: PlaceFeatures,
    matrix: PeopleMatrix,
    weights: Mapping[str, float],
    limit: int | None = None,
) -> tuple[IntArray, FloatArray]:
    """The eligible people of the matrix for a place, best first (ties by code): their row
    indices and totals, at most `limit` of them."""
    tenths, eligible = _Scorer(matrix, weights).tenths(place)
    rows = np.flatnonzero(eligible)
    # One integer key per person orders by total descending, then by code; keys are unique, so
    # a partial partition for `limit` picks exactly the first `limit` of the full order.
    below_best = MAX_TENTHS - tenths[rows].astype(np.int64)
    keys = below_best * max(1, len(matrix)) + matrix.code_rank[rows]
    if limit is not None and limit < len(rows):
        chosen = np.argpartition(keys, limit - 1)[:limit] if limit > 0 else np.array([], int)
        rows, keys = rows[chosen], keys[chosen]
    order = np.argsort(keys, kind="stable")
    rows = rows[order]
    return rows.astype(np.int64), tenths[rows] / 10.0


def score_matrix(
    places: Sequence[PlaceFeatures], matrix: PeopleMatrix, weights: Mapping[str, float]
) -> FloatArray:
    """Totals of every place (rows) for every person (columns), 0 where not eligible: the
    input of the optimal assignment."""
    scorer = _Scorer(matrix, weights)
    totals = np.zeros((len(places), len(matrix)), dtype=np.float64)
    for row, place in enumerate(places):
        tenths, eligible = scorer.tenths(place)
        totals[row] = np.where(eligible, tenths / 10.0, 0.0)
    return totals
