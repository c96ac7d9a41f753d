"""Two saves of the same month of attendance, or of the same plan, read at the same revision:
exactly one succeeds, whatever the timing; the others are refused with EditConflict and save
nothing. Each save runs in its own thread with its own database connection, all released
together by a barrier. On PostgreSQL the conditional UPDATE (or the unique key of an INSERT)
makes the second writer wait for the first and then find the revision moved on; on SQLite every
write transaction is immediate. The tests run on both (see test_placements_concurrency.py for
SQLite's shared in-memory cache, where a thread tries again as the busy timeout would)."""

import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, connections

from ponte.core.concurrency import EditConflict
from ponte.pathways import services
from ponte.pathways.models import AttendanceMonth, Placement, Plan
from ponte.pathways.services.attendance import DayInput, attendance_period

THREADS = 4


def waiting_like_sqlite(save: Callable[[], object]) -> None:
    for _attempt in range(500):
        try:
            save()
            return
        except OperationalError as error:
            if connection.vendor != "sqlite" or "table is locked" not in str(error):
                raise
            time.sleep(0.005)
    raise AssertionError("SQLite kept the table locked for too long")


def race(saves: list[Callable[[], object]]) -> list[tuple[str, str]]:
    """Run the saves at the same moment; ("saved" | "refused" | "error", detail) for each."""
    barrier = threading.Barrier(len(saves))
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def run(save: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            waiting_like_sqlite(save)
            outcome = ("saved", "")
        except EditConflict as conflict:
            outcome = ("refused", " ".join(conflict.messages))
        except Exception as error:  # a failure of this thread only, reported below
            outcome = ("error", repr(error))
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == len(saves)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("saved_before", [False, True], ids=["first-save", "later-save"])
def test_racing_saves_of_a_month_of_attendance_only_one_succeeds(
    make_placement, person, worker_a, saved_before
):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    first_day = attendance_period(placement)[0]
    month = first_day.replace(day=1)
    if saved_before:  # the month has a revision row: the conditional UPDATE decides
        services.attendance_record(
            placement=placement, by=worker_a, days={first_day: DayInput(Decimal("1"))}
        )
    read_at = 1 if saved_before else 0  # else the INSERT of the month's row decides

    def save(hours: int) -> Callable[[], object]:
        return lambda: services.attendance_record(
            placement=placement,
            by=worker_a,
            days={first_day: DayInput(Decimal(hours))},
            month=month,
            read_revision=read_at,
        )

    outcomes = race([save(hours) for hours in range(2, 2 + THREADS)])
    kinds = [kind for kind, _detail in outcomes]
    assert kinds.count("saved") == 1, outcomes
    assert kinds.count("refused") == THREADS - 1, outcomes
    assert AttendanceMonth.objects.get(placement=placement, month=month).revision == read_at + 1
    (entry,) = placement.attendance.all()
    assert entry.hours in {Decimal(hours) for hours in range(2, 2 + THREADS)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("versions_before", [0, 1], ids=["first-version", "later-version"])
def test_racing_saves_of_a_plan_only_one_succeeds(person, worker_a, versions_before):
    for _version in range(versions_before):
        services.plan_write(
            person=person, by=worker_a, objectives="Prima", goals=[("Obiettivo", None)]
        )

    def save(number: int) -> Callable[[], object]:
        return lambda: services.plan_write(
            person=person,
            by=worker_a,
            objectives=f"Versione del thread {number}",
            goals=[("Obiettivo", None)],
            read_version=versions_before,
        )

    outcomes = race([save(number) for number in range(THREADS)])
    kinds = [kind for kind, _detail in outcomes]
    assert kinds.count("saved") == 1, outcomes
    assert kinds.count("refused") == THREADS - 1, outcomes
    versions = list(Plan.objects.filter(person=person).values_list("version", flat=True))
    assert versions == list(range(versions_before + 1, 0, -1))
    latest = Plan.objects.filter(person=person).first()
    assert latest is not None and latest.objectives.startswith("Versione del thread")
    assert latest.goals.count() == 1
