"""The indicators of docs/domain.md over the fixed data set of test_indicators_dataset.py: every
expected value below is counted by hand from that module's docstring."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ponte.core.suppression import SUPPRESSED, Table, suppressed
from ponte.core.tests.helpers import CAVALESE
from ponte.marketplace.models import Exchange
from ponte.network.models import Valley
from ponte.openings.models import Opening
from ponte.pathways.models import Attendance, Person, Placement, Referral, Service
from ponte.projects.computations import compute
from ponte.projects.models import BudgetLine, IndicatorValue, Movement
from ponte.projects.models import Indicator as ProjectIndicator
from ponte.reports import indicators
from ponte.reports.indicators import (
    INDICATORS,
    Scope,
    compute_all,
    indicator,
    working_days,
)
from ponte.reports.selectors import people_in_charge_by_month
from ponte.reports.tests.test_indicators_dataset import YEAR_END, YEAR_START, build_dataset

D = date


@pytest.fixture
def data(municipalities, org_a, org_b, company, worker_a):
    return build_dataset(
        municipalities=municipalities, org_a=org_a, org_b=org_b, company=company, user=worker_a
    )


@pytest.fixture
def year():
    return Scope(YEAR_START, YEAR_END)


@pytest.fixture
def fiemme(municipalities) -> Valley:
    return municipalities[CAVALESE].valley


@pytest.fixture
def fassa() -> Valley:
    return Valley.objects.exclude(municipalities__istat_code=CAVALESE).get()


def by_label(table: Table) -> dict[str, list]:
    return {str(row[0]): row[1:] for row in table.rows}


def level(data, number: int) -> str:
    return str(data.levels[number])


def kind(value) -> str:
    return str(value.label)


TIS = Opening.Kind.TIS
LAB = Service.Kind.LABORATORY
COOP = Service.Kind.COOP_INTERNSHIP


# People in charge -------------------------------------------------------------------------------


def test_people_in_charge_counts_open_pathways_by_level_on_the_end_date(data, year):
    rows = by_label(indicators.people_in_charge(year))
    # dario (opened on the end date) at 0; bruno and carla (closed on the end date) at 1; anna at
    # 2 on that day (3 only since 2026); elena closed the day before; hugo opened the day after.
    assert rows[level(data, 0)] == [1]
    assert rows[level(data, 1)] == [2]
    assert rows[level(data, 2)] == [1]
    assert rows[level(data, 3)] == [0]
    assert rows[level(data, 4)] == [0]
    assert rows[level(data, 5)] == [0]
    assert indicators.people_in_charge(year).rows[-1][1:] == [4]


def test_people_in_charge_on_an_earlier_date_takes_the_level_of_that_day(data):
    rows = by_label(indicators.people_in_charge(Scope(D(2025, 1, 1), D(2025, 2, 15))))
    # anna 1, bruno 0 (until March), carla 2, elena 4 (since 1 February).
    assert rows[level(data, 0)] == [1]
    assert rows[level(data, 1)] == [1]
    assert rows[level(data, 2)] == [1]
    assert rows[level(data, 4)] == [1]


def test_people_in_charge_of_a_valley_counts_only_its_residents(data, fiemme, fassa):
    rows = by_label(indicators.people_in_charge(Scope(YEAR_START, YEAR_END, valley=fiemme)))
    assert [rows[level(data, n)][0] for n in range(6)] == [1, 1, 1, 0, 0, 0]
    rows = by_label(indicators.people_in_charge(Scope(YEAR_START, YEAR_END, valley=fassa)))
    assert [rows[level(data, n)][0] for n in range(6)] == [0, 1, 0, 0, 0, 0]


def test_people_in_charge_with_consent_only_counts_consents_in_force_on_the_end_date(data):
    scope = Scope(YEAR_START, YEAR_END, statistics_consent_only=True)
    rows = by_label(indicators.people_in_charge(scope))
    # carla withdrew on the end date, dario consented after it: anna (2) and bruno (1) remain.
    assert [rows[level(data, n)][0] for n in range(6)] == [0, 1, 1, 0, 0, 0]


def test_people_in_charge_of_a_sub_project_are_those_placed_in_its_services(data):
    scope = Scope(YEAR_START, YEAR_END, subprojects=(data.subprojects["laboratorio"],))
    rows = by_label(indicators.people_in_charge(scope))
    assert [rows[level(data, n)][0] for n in range(6)] == [0, 1, 0, 0, 0, 0]  # carla


# Intake ------------------------------------------------------------------------------------------


def test_intake_counts_referrals_accepted_in_the_period_edges_included(data, year):
    rows = by_label(indicators.intake(year))
    # bruno on the first day, dario on the last; carla the day before, hugo the day after, the
    # received and the declined referral do not count.
    assert rows[kind(Referral.ServiceKind.SOCIAL_SERVICE)] == [1]
    assert rows[kind(Referral.ServiceKind.MENTAL_HEALTH)] == [1]
    assert rows[kind(Referral.ServiceKind.JOB_CENTRE)] == [0]
    assert indicators.intake(year).rows[-1][1] == 2


def test_intake_follows_the_valley_and_the_consent(data, fassa):
    assert indicators.intake(Scope(YEAR_START, YEAR_END, valley=fassa)).rows[-1][1] == 0
    scope = Scope(YEAR_START, YEAR_END, statistics_consent_only=True)
    assert by_label(indicators.intake(scope))[kind(Referral.ServiceKind.SOCIAL_SERVICE)] == [1]
    assert indicators.intake(scope).rows[-1][1] == 1


# Transitions -------------------------------------------------------------------------------------


def test_transitions_are_a_from_to_matrix_of_the_changes_in_the_period(data, year):
    table = indicators.transitions(year)
    rows = by_label(table)
    # anna 1 -> 2, bruno 0 -> 1, elena 3 -> 4 (up, right of the diagonal), carla 2 -> 1 (down);
    # intakes and anna's change of 2026 are not counted. Columns: levels 0..5.
    assert rows[level(data, 0)] == [0, 1, 0, 0, 0, 0]
    assert rows[level(data, 1)] == [0, 0, 1, 0, 0, 0]
    assert rows[level(data, 2)] == [0, 1, 0, 0, 0, 0]
    assert rows[level(data, 3)] == [0, 0, 0, 0, 1, 0]
    assert table.rows[-1][1:] == [0, 2, 1, 0, 1, 0]


def test_transitions_follow_the_valley_and_the_consent(data, fiemme):
    table = indicators.transitions(Scope(YEAR_START, YEAR_END, valley=fiemme))
    assert by_label(table)[level(data, 2)] == [0, 0, 0, 0, 0, 0]  # carla lives in Moena
    assert table.rows[-1][1:] == [0, 1, 1, 0, 1, 0]
    table = indicators.transitions(Scope(YEAR_START, YEAR_END, statistics_consent_only=True))
    assert table.rows[-1][1:] == [0, 1, 1, 0, 1, 0]


# Placements --------------------------------------------------------------------------------------


def test_placements_started_count_from_the_first_to_the_last_day_of_the_period(data, year):
    rows = by_label(indicators.placements_started(year))
    # pl1 on the first day and pl4 (TIS), pl3 (cooperative), pl5 on the last day (laboratory);
    # pl2 started the day before, pl6 in 2024, pl7 was withdrawn.
    assert rows[kind(TIS)] == [2]
    assert rows[kind(COOP)] == [1]
    assert rows[kind(LAB)] == [1]
    assert rows[kind(Service.Kind.TRAINING)] == [0]
    assert indicators.placements_started(year).rows[-1][1] == 4


def test_a_placement_started_the_day_before_the_period_is_not_counted(data):
    rows = by_label(indicators.placements_started(Scope(D(2025, 1, 2), YEAR_END)))
    assert rows[kind(TIS)] == [1]
    rows = by_label(indicators.placements_started(Scope(D(2024, 12, 31), D(2024, 12, 31))))
    assert rows[kind(LAB)] == [1]
    assert rows[kind(TIS)] == [0]


def test_placements_started_follow_valley_consent_and_sub_projects(data, fiemme):
    table = indicators.placements_started(Scope(YEAR_START, YEAR_END, valley=fiemme))
    assert table.rows[-1][1] == 3  # not carla's (Moena)
    table = indicators.placements_started(Scope(YEAR_START, YEAR_END, statistics_consent_only=True))
    assert by_label(table)[kind(TIS)] == [2]  # anna and elena
    assert table.rows[-1][1] == 2
    laboratorio, ristorante = data.subprojects["laboratorio"], data.subprojects["ristorante"]
    table = indicators.placements_started(Scope(YEAR_START, YEAR_END, subprojects=(laboratorio,)))
    assert by_label(table)[kind(COOP)] == [1]
    assert table.rows[-1][1] == 1
    both = Scope(YEAR_START, YEAR_END, subprojects=(laboratorio, ristorante))
    assert indicators.placements_started(both).rows[-1][1] == 3


def test_placements_ended_by_kind_and_by_outcome(data, year):
    table = indicators.placements_ended(year)
    rows = by_label(table)
    # Columns: completed, interrupted, hired, total. pl1 hired, pl4 interrupted on the last day,
    # pl3 completed; pl6 ended the day before the period.
    assert rows[kind(TIS)] == [0, 1, 1, 2]
    assert rows[kind(COOP)] == [1, 0, 0, 1]
    assert rows[kind(LAB)] == [0, 0, 0, 0]
    assert table.rows[-1][1:] == [1, 1, 1, 3]
    table = indicators.placements_ended(Scope(YEAR_START, D(2025, 12, 30)))
    assert table.rows[-1][1:] == [1, 0, 1, 2]


# Employment rate ---------------------------------------------------------------------------------


def test_employment_rate_counts_the_internships_whose_follow_up_is_due(data, year):
    rows = indicators.employment_rate(year).rows
    # Internships ended in 2025: pl1 (31 May), pl3 (15 Oct), pl4 (31 Dec).
    # 1 month: ended by 30 Nov: pl1, pl3, both employed.
    assert rows[0][1:] == [2, 2, Decimal("100.0")]
    # 3 months: ended by 30 Sep: pl1, not employed at 3 months.
    assert rows[1][1:] == [1, 0, Decimal("0.0")]
    # 6 months: ended by 30 Jun: pl1, employed.
    assert rows[2][1:] == [1, 1, Decimal("100.0")]
    # Hired by the host: pl1 of the three.
    assert rows[3][1:] == [3, 1, Decimal("33.3")]


def test_employment_rate_with_consent_and_with_nothing_ended(data):
    rows = indicators.employment_rate(
        Scope(YEAR_START, YEAR_END, statistics_consent_only=True)
    ).rows
    assert rows[0][1:] == [1, 1, Decimal("100.0")]  # carla withdrew: only pl1
    assert rows[3][1:] == [2, 1, Decimal("50.0")]  # pl1 and pl4
    rows = indicators.employment_rate(Scope(D(2023, 1, 1), D(2023, 12, 31))).rows
    assert all(row[1:] == [0, 0, None] for row in rows)


# Hours -------------------------------------------------------------------------------------------


def test_hours_attended_planned_and_the_attendance_rate(data, year):
    table = indicators.hours(year)
    rows = by_label(table)
    # One planned hour a working day. TIS: pl1 108 working days (1 Jan - 31 May) + pl4 238
    # (1 Feb - 31 Dec), 6 hours attended. Laboratory: pl2 261 (the whole year) + pl5 1 (31
    # Dec), 4 + 3.5 hours (not the 5 of the day before). Cooperative: pl3 163, 8 hours.
    assert rows[kind(TIS)] == [2, Decimal("6.00"), Decimal("346.00"), Decimal("1.7")]
    assert rows[kind(LAB)] == [2, Decimal("7.50"), Decimal("262.00"), Decimal("2.9")]
    assert rows[kind(COOP)] == [1, Decimal("8.00"), Decimal("163.00"), Decimal("4.9")]
    assert rows[kind(Service.Kind.TRAINING)] == [0, Decimal("0.00"), Decimal("0.00"), None]
    assert table.rows[-1][1:] == [5, Decimal("21.50"), Decimal("771.00"), Decimal("2.8")]


def test_hours_of_a_valley(data, fassa):
    table = indicators.hours(Scope(YEAR_START, YEAR_END, valley=fassa))
    assert table.rows[-1][1:] == [1, Decimal("8.00"), Decimal("163.00"), Decimal("4.9")]


def test_working_days_are_counted_in_constant_time_as_a_calendar_would():
    assert working_days(D(2025, 1, 1), D(2025, 12, 31)) == 261
    assert working_days(D(2025, 3, 1), D(2025, 10, 15)) == 163
    assert working_days(D(2025, 1, 4), D(2025, 1, 5)) == 0  # a weekend
    assert working_days(D(2025, 1, 5), D(2025, 1, 4)) == 0


# Occupancy ---------------------------------------------------------------------------------------


def test_occupancy_divides_the_placements_active_on_the_end_date_by_the_places(data, year):
    table = indicators.occupancy(year)
    rows = by_label(table)
    # Columns: services, places, active placements, occupancy. pl2 and pl5 in the laboratory
    # (4 places); pl3 ended in October (2 places); the inactive training service is left out.
    assert rows[kind(LAB)] == [1, 4, 2, Decimal("50.0")]
    assert rows[kind(COOP)] == [1, 2, 0, Decimal("0.0")]
    assert rows[kind(Service.Kind.TRAINING)] == [0, 0, 0, None]
    assert table.rows[-1][1:] == [2, 6, 2, Decimal("33.3")]


def test_occupancy_of_a_sub_project_counts_its_services_only(data):
    scope = Scope(D(2025, 6, 1), D(2025, 6, 30), subprojects=(data.subprojects["laboratorio"],))
    table = indicators.occupancy(scope)
    assert by_label(table)[kind(COOP)] == [1, 2, 1, Decimal("50.0")]  # carla, in June
    assert table.rows[-1][1:] == [1, 2, 1, Decimal("50.0")]


# Marketplace -------------------------------------------------------------------------------------


def test_marketplace_value_share_of_social_cooperatives_and_gifts(data, year):
    rows = [row[1] for row in indicators.marketplace(year).rows]
    # 100 (to A, a cooperative, on the first day) + 50 (to the company, on the last day) + a
    # gift to B; not the exchange B did not confirm, nor the one of 2024.
    assert rows == [Decimal("150.00"), Decimal("100.00"), Decimal("66.7"), 3, 1]


def test_marketplace_of_a_valley_and_of_a_sub_project(data, fassa):
    rows = [
        row[1] for row in indicators.marketplace(Scope(YEAR_START, YEAR_END, valley=fassa)).rows
    ]
    assert rows == [Decimal("0.00"), Decimal("0.00"), None, 0, 0]
    scope = Scope(YEAR_START, YEAR_END, subprojects=(data.subprojects["laboratorio"],))
    rows = [row[1] for row in indicators.marketplace(scope).rows]
    assert rows == [Decimal("50.00"), Decimal("0.00"), Decimal("0.0"), 2, 1]  # what A gave


# Budget ------------------------------------------------------------------------------------------


def test_budget_planned_vs_actual_per_line_and_revenues_vs_costs(data, year):
    table = indicators.budget(year)
    assert table.counts is False
    values = [row[1:] for row in table.rows]
    labels = [row[0] for row in table.rows]
    assert labels[0] == "Laboratorio · Personale"
    assert labels[1] == "Laboratorio · Vendite"
    assert labels[3] == "Ristorante · Affitto"
    assert values == [
        [Decimal("1000.00"), Decimal("500.00"), None, None],
        [None, None, Decimal("800.00"), Decimal("400.00")],
        [Decimal("1000.00"), Decimal("500.00"), Decimal("800.00"), Decimal("400.00")],
        # Only the movement of 2025 is actual in 2025.
        [Decimal("1200.00"), Decimal("100.00"), None, None],
        [Decimal("1200.00"), Decimal("100.00"), Decimal("0"), Decimal("0")],
    ]


def test_budget_of_a_valley_and_of_a_sub_project(data, fassa):
    assert indicators.budget(Scope(YEAR_START, YEAR_END, valley=fassa)).rows == []
    scope = Scope(YEAR_START, YEAR_END, subprojects=(data.subprojects["ristorante"],))
    assert [row[0] for row in indicators.budget(scope).rows][0] == "Ristorante · Affitto"
    assert len(indicators.budget(scope).rows) == 2


# Sub-project indicators --------------------------------------------------------------------------


def test_subproject_indicators_show_the_value_at_the_end_of_the_period(data, year):
    rows = by_label(indicators.subproject_indicators(year))
    # By hand: the value of 30 June (the one of 2026 comes later). Computed: pl1's hiring.
    assert rows["Laboratorio · Persone inserite (persone)"] == [
        Decimal("0.00"),
        Decimal("10.00"),
        Decimal("3.00"),
        Decimal("30.0"),
    ]
    assert rows["Ristorante · Assunzioni (persone)"] == [
        Decimal("0.00"),
        Decimal("4.00"),
        Decimal("1"),
        Decimal("25.0"),
    ]


# Suppression -------------------------------------------------------------------------------------


def test_suppression_hides_counts_from_one_to_four_and_what_derives_from_them():
    table = Table(
        ["", "a", "b", "rate", "places"],
        [["x", 0, 4, Decimal("50.0"), 3], ["y", 5, 12, Decimal("41.7"), 2], ["z", 1, 0, None, 9]],
        derived={3: (1, 2), 4: ()},
    )
    assert suppressed(table).rows == [
        ["x", 0, SUPPRESSED, SUPPRESSED, 3],
        ["y", 5, 12, Decimal("41.7"), 2],
        ["z", SUPPRESSED, 0, SUPPRESSED, 9],
    ]
    # The original table is untouched; a table that counts no people is left as it is.
    assert table.rows[0][2] == 4
    money = Table(["", "€"], [["x", Decimal("3")]], counts=False)
    assert suppressed(money) is money


def test_a_total_with_a_hidden_part_is_withheld():
    """The one rule (core.suppression): a total is withheld whenever one of its parts is hidden,
    whatever the values, so that its "—" tells nothing more (before, 1 + 3 kept its total and
    a withheld total told that the hidden parts were all 1 or all 4)."""

    def total_of(*counts: int):
        rows = [[f"r{n}", count, Decimal(count)] for n, count in enumerate(counts)]
        rows.append(["Total", sum(counts), Decimal(sum(counts))])
        table = Table(["", "n", "hours"], rows, derived={2: (1,)}, total_row=True)
        return suppressed(table).rows[-1][1:]

    assert total_of(7, 6) == [13, Decimal(13)]  # nothing suppressed
    assert total_of(7, 3) == [None, None]  # 10 - 7: the 3 is given away
    assert total_of(7, 1, 1) == [None, None]  # two hidden that can only be 1 and 1
    assert total_of(7, 4, 4) == [None, None]  # or only 4 and 4
    assert total_of(7, 1, 3) == [None, None]
    assert total_of(0, 0, 0) == [0, Decimal(0)]
    # A small total of hidden parts: "<5" would tell 1 + 1 + 1 + 1 = 4.
    assert total_of(2, 1) == [None, None]


def test_total_columns_and_the_grand_total_are_withheld_with_their_parts():
    table = Table(
        ["", "a", "b", "total"],
        [["x", 3, 6, 9], ["y", 6, 7, 13], ["Total", 9, 13, 22]],
        total_row=True,
        totals={3: (1, 2)},
    )
    # x's total gives its 3 away (9 - 6), so does the column total of a (9 - 6); the grand
    # total would give both away.
    assert suppressed(table).rows == [
        ["x", SUPPRESSED, 6, None],
        ["y", 6, 7, 13],
        ["Total", None, 13, None],
    ]


def test_suppressed_indicators_of_the_data_set(data, year):
    rows = suppressed(indicators.employment_rate(year)).rows
    # The internships ended contain those employed, hidden: withheld, and so is the rate.
    assert rows[0][1:] == [None, SUPPRESSED, None]
    rows = by_label(suppressed(indicators.hours(year)))
    assert rows[kind(TIS)] == [SUPPRESSED] * 4
    assert rows[kind(Service.Kind.TRAINING)] == [0, Decimal("0.00"), Decimal("0.00"), None]
    # 2 + 2 + 1 placements in three hidden kinds: the total and its hours are withheld.
    assert suppressed(indicators.hours(year)).rows[-1][1:] == [None, None, None, None]
    rows = by_label(suppressed(indicators.occupancy(year)))
    assert rows[kind(LAB)] == [1, 4, SUPPRESSED, SUPPRESSED]  # services and places stay
    # The total of active placements has hidden parts: withheld, with its rate.
    assert suppressed(indicators.occupancy(year)).rows[-1][1:] == [2, 6, None, None]


# The registry ------------------------------------------------------------------------------------


def test_every_indicator_states_its_dimension_and_keys_are_unique():
    keys = [item.key for item in INDICATORS]
    assert len(keys) == len(set(keys))
    assert set(keys) == {
        "people_in_charge",
        "intake",
        "transitions",
        "placements_started",
        "placements_ended",
        "employment_rate",
        "hours",
        "occupancy",
        "marketplace",
        "budget",
        "subproject_indicators",
    }
    assert {item.dimension for item in INDICATORS} == set(ProjectIndicator.Dimension.values)
    assert indicator("hours").compute is indicators.hours
    with pytest.raises(Http404):
        indicator("nothing")


def test_a_scope_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Scope(D(2025, 2, 1), D(2025, 1, 31))


def test_compute_all_uses_the_same_queries_whatever_the_amount_of_data(
    data, year, org_a, org_b, worker_a, municipalities
):
    with CaptureQueriesContext(connection) as before:
        first = compute_all(year)
    assert [item.key for item, _table in first] == [item.key for item in INDICATORS]
    _more_data(data, org_a, org_b, worker_a, municipalities)
    with CaptureQueriesContext(connection) as after:
        compute_all(year)
    assert len(after) == len(before)
    # One or two queries an indicator, and one for the sub-projects' computed indicator.
    assert len(before) == 17


def _more_data(data, org_a, org_b, user, municipalities):
    """Ten more people with a placement each, a month of attendance, exchanges, budget lines and
    manual indicators."""
    confirmed = timezone.make_aware(datetime(2026, 1, 1, 12))
    for index in range(10):
        person = Person.objects.create(
            first_name=f"Altra{index}",
            last_name="Prova",
            basis=Person.Basis.UNCERTIFIED,
            municipality=municipalities[CAVALESE],
            level=data.levels[index % 6],
            status=Person.Status.OPEN,
            organisation=org_a,
            opened_on=D(2025, 2, 1),
        )
        placement = Placement.objects.create(
            person=person,
            service=data.services["lab"],
            status=Placement.Status.ENDED,
            planned_start=D(2025, 3, 1),
            planned_end=D(2025, 4, 30),
            actual_start=D(2025, 3, 1),
            actual_end=D(2025, 4, 30),
            outcome=Placement.Outcome.COMPLETED,
            hours_per_week=10,
            promoter=org_a,
            host=org_a,
            proposed_by=user,
        )
        Attendance.objects.bulk_create(
            Attendance(placement=placement, day=D(2025, 3, day), hours=2, recorded_by=user)
            for day in range(1, 31)
        )
        Exchange.objects.create(
            giver=org_a,
            receiver=org_b,
            what="Uova",
            value=Decimal(index),
            exchanged_on=D(2025, 4, 1),
            recorded_by=user,
            giver_confirmed_at=confirmed,
            receiver_confirmed_at=confirmed,
        )
        line = BudgetLine.objects.create(
            subproject=data.subprojects["laboratorio"],
            name=f"Voce {index}",
            kind=BudgetLine.Kind.COST,
            planned=Decimal(100),
        )
        Movement.objects.create(
            budget_line=line,
            on=D(2025, 5, 1),
            amount=Decimal(10),
            description="x",
            recorded_by=user,
        )
        manual = ProjectIndicator.objects.create(
            subproject=data.subprojects["laboratorio"],
            name=f"Indicatore {index}",
            dimension=ProjectIndicator.Dimension.COMMUNITIES,
            target=Decimal(10),
            starts_on=YEAR_START,
            ends_on=YEAR_END,
        )
        IndicatorValue.objects.create(indicator=manual, on=D(2025, 5, 1), value=1, recorded_by=user)


@pytest.mark.parametrize("name", ["laboratorio", "ristorante"])
def test_the_sub_projects_computations_agree_with_the_indicators(data, name):
    """projects.computations (which cannot import reports: dependencies point one way) and the
    indicators give the same figures for one sub-project."""
    subproject = data.subprojects[name]
    scope = Scope(YEAR_START, YEAR_END, subprojects=(subproject,))
    hired = list(Placement.Outcome.values).index(Placement.Outcome.HIRED) + 1
    assert compute("hires", subproject, YEAR_START, YEAR_END) == Decimal(
        indicators.placements_ended(scope).rows[-1][hired]
    )
    assert (
        compute("hours_attended", subproject, YEAR_START, YEAR_END)
        == (indicators.hours(scope).rows[-1][2])
    )
    assert (
        compute("value_exchanged", subproject, YEAR_START, YEAR_END)
        == (indicators.marketplace(scope).rows[0][1])
    )


def test_an_accepted_referral_with_no_date_of_decision_counts_on_its_own_date(
    data, year, org_b, worker_a
):
    for on in (D(2025, 12, 31), D(2026, 1, 1)):
        Referral.objects.create(
            person=data.people["franco"],
            from_organisation=org_b,
            service_kind=Referral.ServiceKind.JOB_CENTRE,
            referred_by=worker_a,
            referred_on=on,
            reason="Importata",
            status=Referral.Status.ACCEPTED,
        )
    assert by_label(indicators.intake(year))[kind(Referral.ServiceKind.JOB_CENTRE)] == [1]


@pytest.mark.parametrize(
    "computation,everyone,consenting",
    [
        # carla, placed in the cooperative's service, withdrew her consent on the last day.
        ("people_placed", Decimal(1), Decimal(0)),
        # Her 8 hours are one placement's: withheld (issue 15), not shown as a count.
        ("hours_attended", None, Decimal("0.00")),
        ("hires", Decimal(0), Decimal(0)),
        # What the lead organisation (A) gave: organisations, no consent involved.
        ("value_exchanged", Decimal("50.00"), Decimal("50.00")),
    ],
)
def test_computed_sub_project_indicators_count_only_consenting_people_when_asked(
    data, computation, everyone, consenting
):
    ProjectIndicator.objects.create(
        subproject=data.subprojects["laboratorio"],
        name="Calcolato",
        dimension=ProjectIndicator.Dimension.COMMUNITIES,
        target=Decimal(10),
        starts_on=YEAR_START,
        ends_on=YEAR_END,
        source=ProjectIndicator.Source.COMPUTED,
        computation=computation,
    )
    label = "Laboratorio · Calcolato"
    table = indicators.subproject_indicators(Scope(YEAR_START, YEAR_END))
    assert by_label(table)[label][2] == everyone
    scope = Scope(YEAR_START, YEAR_END, statistics_consent_only=True)
    assert by_label(indicators.subproject_indicators(scope))[label][2] == consenting


def test_occupancy_of_a_valley_counts_its_services_whoever_holds_their_places(data, fiemme):
    # On 30 June carla, who lives in Moena (Fassa), holds a place of the cooperative's service
    # in Predazzo (Fiemme); bruno one of the laboratory in Cavalese.
    table = indicators.occupancy(Scope(D(2025, 6, 1), D(2025, 6, 30), valley=fiemme))
    assert by_label(table)[kind(COOP)] == [1, 2, 1, Decimal("50.0")]
    assert by_label(table)[kind(LAB)] == [1, 4, 1, Decimal("25.0")]


def test_the_employment_rate_withholds_a_small_complement(data, year):
    """Issue 15: open data withheld 1–4 but not complements: "10 ended, 9 employed" told 1 not
    employed. The real table declares what contains what; with those figures the 10 and the
    rate are withheld, and so is every figure that contains the 10."""
    table = indicators.employment_rate(year)
    rows = [
        [table.rows[0][0], 10, 9, Decimal("90.0")],
        [table.rows[1][0], 10, 5, Decimal("50.0")],
        [table.rows[2][0], 5, 5, Decimal("100.0")],
        [table.rows[3][0], 12, 6, Decimal("50.0")],
    ]
    shown = suppressed(replace(table, rows=rows)).rows
    assert shown[0][1:] == [None, 9, None]  # 10 - 9 = 1 not employed
    assert shown[1][1:] == [10, 5, Decimal("50.0")]
    assert shown[2][1:] == [5, 5, Decimal("100.0")]
    # The internships ended (12) contain those ended a month before the end (10, withheld).
    assert shown[3][1:] == [None, 6, None]


def test_the_monthly_series_withholds_a_total_with_a_hidden_level(data, year):
    """The people in charge month by month: the total of a month sums its levels."""
    monthly = people_in_charge_by_month(year)
    levels = len(monthly.columns) - 2
    rows = [[monthly.rows[0][0], 3, *([6] * (levels - 1)), 3 + 6 * (levels - 1)]]
    shown = suppressed(replace(monthly, rows=rows)).rows
    assert shown[0][1] == SUPPRESSED
    assert shown[0][-1] is None
