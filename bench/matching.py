"""`make bench`, after bench/run.py: the matching engine on the large synthetic data set, in the
same environment (the database under var/bench/, or BENCH_DATABASE_URL; DEBUG off).

Three measures, each the median of BENCH_MATCHING_RUNS runs (default 5) after a warm-up, against
the project's performance budgets:

(a) ranking 100,000 people for one opening, in memory (the people of the database replicated
    with new codes up to 100,000): under 100 ms;
(b) the request path of an opening's candidate list: loading the candidate pool's features from
    the database and ranking them: under 1 s;
(c) the optimal assignment of 10,000 people to 1,000 openings with their places, from the
    features loaded from the database (replicated if the data set has fewer), score matrix
    included: under 2 s.

Exit code 1 when a measure is over its budget (or the data set has no open openings).
"""

import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RUNS = int(os.environ.get("BENCH_MATCHING_RUNS", "5"))
RANKED_PEOPLE = 100_000
ASSIGNED_PEOPLE = 10_000
ASSIGNED_OPENINGS = 1_000
SHOWN = 30  # candidates a page shows
BUDGETS = {"rank": 0.100, "request": 1.0, "assignment": 2.0}


def setup_django() -> None:
    """The environment bench/run.py gives the server: same settings, same database."""
    sys.path[:0] = [str(ROOT), str(HERE)]
    from run import server_environment  # bench/run.py

    environment = server_environment()
    os.environ.update(environment)
    if "DATABASE_URL" not in environment:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponte.settings")
    import django

    django.setup()


def median_seconds(run: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    """The median duration of `runs` calls after one warm-up call, and the last result."""
    result = run()
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def replicated(items: Sequence[Any], n: int, renamed: Callable[[Any, int], Any]) -> list[Any]:
    """The items repeated up to n, each copy after the first renamed by `renamed(item, copy)`."""
    out = list(items[:n])
    copy = 1
    while len(out) < n:
        out.extend(renamed(item, copy) for item in items[: n - len(out)])
        copy += 1
    return out


def person_copy(person: Any, copy: int) -> Any:
    return replace(person, pk=person.pk + copy * 10_000_000, code=f"{person.code}-{copy}")


def place_copy(place: Any, copy: int) -> Any:
    return replace(place, pk=place.pk + copy * 10_000_000, code=f"{place.code}-{copy}")


def verdict(name: str, seconds: float) -> str:
    return "OK" if seconds <= BUDGETS[name] else "OVER"


def main() -> int:
    setup_django()
    from django.db import connection

    from ponte.matching import assignment, features, scoring
    from ponte.matching.models import Weights
    from ponte.pathways.models import Opening

    stored = Weights.objects.order_by("pk").first()
    weights = (stored or Weights()).as_dict()  # no write to the bench database
    open_openings = Opening.objects.filter(status=Opening.Status.OPEN).order_by("pk")
    places = features.openings_features(open_openings)
    if not places:
        print("Matching benchmark: no open openings in the data set (rm -rf var/bench, rebuild).")
        return 1
    # The heaviest single opening: the lowest minimum level (most eligible), the most skills.
    heaviest = min(places, key=lambda p: (p.min_level, -len(p.skills), p.pk))
    opening = Opening.objects.get(pk=heaviest.pk)

    def request_path() -> tuple[Any, Any]:
        people = features.people_features(features.candidate_pool())
        place = features.opening_features(opening)
        matrix = scoring.PeopleMatrix.from_features(people)
        return scoring.rank(place, matrix, weights, limit=SHOWN), len(people)

    request_seconds, (_ranked, pool_size) = median_seconds(request_path)

    pool = features.people_features(features.candidate_pool())
    many = scoring.PeopleMatrix.from_features(replicated(pool, RANKED_PEOPLE, person_copy))
    rank_seconds, (indices, _totals) = median_seconds(lambda: scoring.rank(heaviest, many, weights))

    people = replicated(pool, ASSIGNED_PEOPLE, person_copy)
    chosen = replicated(places, ASSIGNED_OPENINGS, place_copy)
    capacity = dict(open_openings.values_list("pk", "places"))
    seats = [capacity[place.pk % 10_000_000] for place in chosen]
    timings: dict[str, list[float]] = {"matrix": [], "flow": []}

    def assign() -> Any:
        started = time.perf_counter()
        matrix = scoring.PeopleMatrix.from_features(people)
        scores = scoring.score_matrix(chosen, matrix, weights)
        middle = time.perf_counter()
        result = assignment.assign(scores, seats)
        timings["matrix"].append(middle - started)
        timings["flow"].append(time.perf_counter() - middle)
        return result

    assign_seconds, result = median_seconds(assign)

    database = connection.vendor
    print(
        f"\nMatching benchmark ({database}): candidate pool of {pool_size} people, "
        f"{len(places)} open openings; median of {RUNS} runs."
    )
    rows = [
        (
            "rank",
            f"ranking {len(many):,} people for one opening, in memory ({len(indices):,} eligible)",
            rank_seconds,
        ),
        (
            "request",
            f"candidate list: {pool_size:,} people loaded from the database and ranked",
            request_seconds,
        ),
        (
            "assignment",
            f"assignment of {len(people):,} people to {len(chosen):,} openings "
            f"({sum(seats):,} places, {len(result.pairs):,} filled; score matrix "
            f"{statistics.median(timings['matrix']):.2f} s, min-cost flow "
            f"{statistics.median(timings['flow']):.2f} s)",
            assign_seconds,
        ),
    ]
    for name, label, seconds in rows:
        budget = BUDGETS[name]
        print(f"{label}\n    {seconds * 1000:9.1f} ms   budget {budget * 1000:6.0f} ms   ", end="")
        print(verdict(name, seconds))
    over = [name for name, _label, seconds in rows if verdict(name, seconds) == "OVER"]
    print("Over budget: " + ", ".join(over) if over else "All matching measures within budget.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
