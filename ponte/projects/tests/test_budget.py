"""The budget arithmetic: actual per line, planned vs actual per line and in total (difference
and per cent), revenues vs costs of the activity; in Decimal, with the edge cases."""

from decimal import Decimal

import pytest

from ponte.projects import selectors
from ponte.projects.models import BudgetLine
from ponte.projects.selectors import LineFigures, Sustainability, percent
from ponte.projects.tests.conftest import add_movement, make_line

D = Decimal


def test_percent_is_rounded_to_one_decimal_and_none_of_nothing():
    assert percent(D("1"), D("3")) == D("33.3")
    assert percent(D("2"), D("3")) == D("66.7")
    assert percent(D("5"), D("0")) is None
    assert percent(D("0"), D("0")) is None


def test_a_line_shows_the_difference_and_the_share_of_planned():
    figures = LineFigures(planned=D("1000.00"), actual=D("1250.50"))
    assert figures.difference == D("250.50")
    assert figures.percent == D("125.1")


def test_a_line_with_nothing_planned_has_no_share():
    figures = LineFigures(planned=D("0"), actual=D("80"))
    assert figures.difference == D("80")
    assert figures.percent is None


def test_revenues_vs_costs_give_result_and_ratio():
    sustainability = Sustainability(revenues=D("900"), costs=D("1200"))
    assert sustainability.result == D("-300")
    assert sustainability.ratio == D("75.0")


def test_revenues_only_have_no_ratio_but_a_result():
    sustainability = Sustainability(revenues=D("500"), costs=D("0"))
    assert sustainability.result == D("500")
    assert sustainability.ratio is None


def test_decimal_arithmetic_has_no_float_error():
    figures = LineFigures(planned=D("0.30"), actual=D("0.10") + D("0.20"))
    assert figures.difference == D("0")
    assert figures.percent == D("100.0")


@pytest.mark.django_db
def test_a_budget_with_no_movements_has_zero_actual(subproject, cost_line, revenue_line):
    budget = selectors.budget_of(subproject)
    assert [figures.actual for _line, figures in budget.costs + budget.revenues] == [0, 0]
    assert budget.total_costs.planned == D("1000")
    assert budget.total_costs.percent == D("0.0")
    assert budget.actual_sustainability.ratio is None
    assert budget.planned_sustainability.ratio == D("80.0")
    assert budget.planned_sustainability.result == D("-200")


@pytest.mark.django_db
def test_actual_is_the_sum_of_the_lines_movements(subproject, cost_line, revenue_line, coordinator):
    add_movement(cost_line, "300.10", coordinator)
    add_movement(cost_line, "199.90", coordinator)
    add_movement(revenue_line, "600", coordinator)
    other = make_line(subproject, "Affitto", BudgetLine.Kind.COST, "0")
    add_movement(other, "100", coordinator)
    budget = selectors.budget_of(subproject)
    by_name = {line.name: figures for line, figures in budget.costs + budget.revenues}
    assert by_name["Materie prime"].actual == D("500.00")
    assert by_name["Materie prime"].difference == D("-500.00")
    assert by_name["Materie prime"].percent == D("50.0")
    assert by_name["Affitto"].percent is None
    assert budget.total_costs == LineFigures(planned=D("1000"), actual=D("600.00"))
    assert budget.total_costs.difference == D("-400.00")
    assert budget.total_revenues.actual == D("600.00")
    assert budget.actual_sustainability.result == D("0.00")
    assert budget.actual_sustainability.ratio == D("100.0")


@pytest.mark.django_db
def test_a_budget_with_revenues_only(subproject, revenue_line, coordinator):
    add_movement(revenue_line, "250", coordinator)
    budget = selectors.budget_of(subproject)
    assert budget.costs == []
    assert budget.total_costs == LineFigures(planned=D("0"), actual=D("0"))
    assert budget.total_costs.percent is None
    assert budget.actual_sustainability.result == D("250")
    assert budget.actual_sustainability.ratio is None


@pytest.mark.django_db
def test_the_budget_of_another_sub_project_is_not_mixed_in(subproject, cost_line, org_b):
    from ponte.projects.tests.conftest import make_subproject

    other = make_subproject(org_b, title="Altro")
    make_line(other, "Materie prime", BudgetLine.Kind.COST, "5")
    assert selectors.budget_of(subproject).total_costs.planned == D("1000")
