"""The places of an opening are never exceeded either: tutors accepting the placements of several
proposals for the last place at the same moment, each in its own thread and connection, released
together by a barrier (see ponte/pathways/tests/test_placements_concurrency.py for how SQLite's
in-memory test database is handled)."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from ponte.matching import services
from ponte.matching.models import Proposal
from ponte.pathways.models import Placement
from ponte.pathways.tests.test_placements_concurrency import accept_waiting_like_sqlite

from .conftest import at_level, consent_to_companies

THREADS = 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_for_the_last_place_of_an_opening_only_one_succeeds(
    make_opening, make_person, tutor, worker_a, org_a
):
    opening = make_opening(places=1, title="Ultimo posto")
    placements = []
    for number in range(THREADS):
        person = at_level(make_person(first_name=f"Persona {number}"), 3)
        consent_to_companies(person, worker_a)
        proposal = services.proposal_create(opening=opening, person=person, by=worker_a)
        services.proposal_answer(proposal=proposal, by=tutor, interview=True)
        placements.append(
            services.proposal_place(
                proposal=proposal,
                by=worker_a,
                planned_start=date.today(),
                planned_end=date.today() + timedelta(days=60),
                hours_per_week=20,
                promoter=org_a,
            )
        )
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(placement: Placement) -> None:
        try:
            barrier.wait(timeout=10)
            accept_waiting_like_sqlite(placement, tutor)
            outcome = "accepted"
        except ValidationError:
            outcome = "refused"
        except Exception as error:  # a failure of this thread only, reported below
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=accept, args=(p,)) for p in placements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["accepted"] + ["refused"] * (THREADS - 1), outcomes
    assert opening.placements.filter(status__in=Placement.OCCUPYING).count() == 1
    assert Proposal.objects.filter(status=Proposal.Status.PLACED).count() == THREADS
