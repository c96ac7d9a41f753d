"""Places are never exceeded, even when several case workers accept placements for the last place
at the same moment: each request runs in its own thread with its own database connection, all
released together by a barrier. On PostgreSQL the service's row lock serialises them; on SQLite
every write transaction is immediate (exclusive) already. The test runs on both.

SQLite's test database lives in memory with a cache shared by the connections, where a second
writer gets "database table is locked" at once instead of waiting for the busy timeout as it
does on the file database Ponte uses: there, and only there, the thread tries again, as the
busy timeout would."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections

from ponte.pathways import services
from ponte.pathways.models import Placement

THREADS = 8


def accept_waiting_like_sqlite(placement: Placement, by) -> Placement:
    for _attempt in range(500):
        try:
            return services.placement_transition(
                placement=placement, to=Placement.Status.ACCEPTED, by=by
            )
        except OperationalError as error:
            if connection.vendor != "sqlite" or "table is locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("SQLite kept the table locked for too long")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_for_the_last_place_only_one_succeeds(
    make_person, make_placement, service, worker_a
):
    # One free place left: two places, one taken.
    make_placement(make_person(first_name="Prima"), status=Placement.Status.ACCEPTED)
    proposals = [
        make_placement(make_person(first_name=f"Persona {number}")) for number in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def accept(placement: Placement) -> None:
        try:
            barrier.wait(timeout=10)
            accept_waiting_like_sqlite(placement, worker_a)
            outcome = ("accepted", placement.code)
        except ValidationError as error:
            outcome = ("refused", " ".join(error.messages))
        except Exception as error:  # a failure of this thread only, reported below
            outcome = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=accept, args=(p,)) for p in proposals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == THREADS
    kinds = [kind for kind, _detail in outcomes]
    assert kinds.count("accepted") == 1, outcomes
    assert kinds.count("refused") == THREADS - 1, outcomes
    assert all("Laboratorio di cucina" in detail for kind, detail in outcomes if kind == "refused")
    occupying = service.placements.filter(status__in=Placement.OCCUPYING).count()
    assert occupying == service.places == 2
    assert Placement.objects.filter(status=Placement.Status.PROPOSED).count() == THREADS - 1
