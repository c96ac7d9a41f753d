"""Bad input gets a clear message and saves nothing: a movement of zero or a negative amount or
dated outside the sub-project's period, a budget line with a negative planned amount, a period
that ends before it starts, a value entered for a computed indicator."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ponte.core.tests.helpers import italian_html
from ponte.projects import services
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject
from ponte.projects.tests.conftest import END, START, add_movement, make_subproject

pytestmark = pytest.mark.django_db


def movement_data(line, **changes) -> dict:
    data = {
        "budget_line": line.pk,
        "on": START.isoformat(),
        "amount": "120.00",
        "description": "Fattura del fornitore",
        "document": "FT-12",
    }
    data.update(changes)
    return data


def post_movement(client, subproject, line, **changes):
    url = reverse("projects:movement_create", args=[subproject.code])
    return client.post(url, movement_data(line, **changes))


def test_a_movement_is_recorded_by_the_lead(client, contact_a, subproject, cost_line):
    client.force_login(contact_a)
    response = post_movement(client, subproject, cost_line)
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert movement.amount == Decimal("120.00")
    assert movement.recorded_by == contact_a


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_a_movement_of_zero_or_a_negative_amount_is_refused(
    client, contact_a, subproject, cost_line, amount
):
    client.force_login(contact_a)
    response = post_movement(client, subproject, cost_line, amount=amount)
    assert response.status_code == 200
    assert italian_html("The amount must be greater than zero.") in response.content.decode()
    assert not Movement.objects.exists()


@pytest.mark.parametrize("days", [-1, 1])
def test_a_movement_outside_the_period_is_refused(client, contact_a, subproject, cost_line, days):
    client.force_login(contact_a)
    on = START + timedelta(days=days) if days < 0 else END + timedelta(days=days)
    response = post_movement(client, subproject, cost_line, on=on.isoformat())
    assert response.status_code == 200
    message = italian_html(
        "The date must fall within the period of the sub-project (%(start)s – %(end)s)."
    ).split("(")[0]
    assert message.strip() in response.content.decode()
    assert not Movement.objects.exists()


def test_the_service_refuses_a_movement_outside_the_period(subproject, cost_line, coordinator):
    with pytest.raises(ValidationError) as error:
        add_movement(cost_line, "10", coordinator, on=END + timedelta(days=1))
    assert "on" in error.value.error_dict
    assert not Movement.objects.exists()


def test_a_budget_line_with_a_negative_planned_amount_is_refused(client, contact_a, subproject):
    client.force_login(contact_a)
    response = client.post(
        reverse("projects:line_create", args=[subproject.code]),
        {"name": "Affitto", "kind": BudgetLine.Kind.COST, "planned": "-1"},
    )
    assert response.status_code == 200
    assert italian_html("The planned amount cannot be negative.") in response.content.decode()
    assert not BudgetLine.objects.exists()
    with pytest.raises(ValidationError):
        services.budget_line_save(
            line=BudgetLine(
                subproject=subproject, name="Affitto", kind="cost", planned=Decimal("-1")
            )
        )
    assert not BudgetLine.objects.exists()


def test_a_budget_line_with_a_zero_planned_amount_is_allowed(client, contact_a, subproject):
    client.force_login(contact_a)
    client.post(
        reverse("projects:line_create", args=[subproject.code]),
        {"name": "Imprevisti", "kind": BudgetLine.Kind.COST, "planned": "0"},
    )
    assert BudgetLine.objects.get().planned == 0


def test_a_sub_project_ending_before_it_starts_is_refused(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:create"),
        {
            "title": "Orto sociale",
            "lead": org_a.pk,
            "starts_on": "2026-06-01",
            "ends_on": "2026-05-31",
            "status": SubProject.Status.PLANNED,
        },
    )
    assert response.status_code == 200
    assert (
        italian_html("The end of the sub-project cannot come before its start.")
        in response.content.decode()
    )
    assert not SubProject.objects.exists()
    with pytest.raises(ValidationError):
        make_subproject(org_a, starts_on=END, ends_on=START)
    assert not SubProject.objects.exists()


def test_the_period_cannot_leave_out_recorded_movements(subproject, cost_line, coordinator):
    add_movement(cost_line, "10", coordinator, on=START)
    subproject.starts_on = START + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.subproject_save(subproject=subproject)
    subproject.refresh_from_db()
    assert subproject.starts_on == START


def test_a_line_with_movements_keeps_its_kind(cost_line, coordinator):
    add_movement(cost_line, "10", coordinator)
    cost_line.kind = BudgetLine.Kind.REVENUE
    with pytest.raises(ValidationError):
        services.budget_line_save(line=cost_line)
    cost_line.refresh_from_db()
    assert cost_line.kind == BudgetLine.Kind.COST


def indicator(subproject, **fields) -> Indicator:
    values = {
        "subproject": subproject,
        "name": "Clienti",
        "dimension": Indicator.Dimension.COMMUNITIES,
        "baseline": Decimal("0"),
        "target": Decimal("10"),
        "starts_on": START,
        "ends_on": END,
        **fields,
    }
    return Indicator(**values)


def test_an_indicator_ending_before_it_starts_is_refused(subproject):
    with pytest.raises(ValidationError):
        services.indicator_save(indicator=indicator(subproject, starts_on=END, ends_on=START))
    assert not Indicator.objects.exists()


def test_a_computed_indicator_needs_a_known_computation(client, contact_a, subproject):
    client.force_login(contact_a)
    response = client.post(
        reverse("projects:indicator_create", args=[subproject.code]),
        {
            "name": "Persone",
            "dimension": Indicator.Dimension.EMPOWERMENT,
            "baseline": "0",
            "target": "5",
            "starts_on": START.isoformat(),
            "ends_on": END.isoformat(),
            "source": Indicator.Source.COMPUTED,
            "computation": "",
        },
    )
    assert response.status_code == 200
    assert italian_html("Choose how Ponte computes this indicator.") in response.content.decode()
    assert not Indicator.objects.exists()


def test_values_are_entered_for_manual_indicators_only(client, contact_a, subproject):
    manual = services.indicator_save(indicator=indicator(subproject))
    computed = services.indicator_save(
        indicator=indicator(
            subproject, source=Indicator.Source.COMPUTED, computation="people_placed"
        )
    )
    client.force_login(contact_a)
    url = reverse("projects:value_create", args=[subproject.code, manual.code])
    response = client.post(url, {"on": START.isoformat(), "value": "4", "note": "Registro"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 4
    url = reverse("projects:value_create", args=[subproject.code, computed.code])
    assert client.get(url).status_code == 403
    with pytest.raises(ValidationError):
        services.indicator_value_record(
            value=IndicatorValue(indicator=computed, on=START, value=Decimal("1")), by=contact_a
        )
    assert IndicatorValue.objects.count() == 1


def test_a_movement_is_corrected_by_the_lead_but_not_made_invalid(
    client, contact_a, contact_b, subproject, cost_line
):
    movement = add_movement(cost_line, "10", contact_a, on=START)
    url = reverse("projects:movement_edit", args=[subproject.code, movement.code])
    client.force_login(contact_b)
    assert client.post(url, movement_data(cost_line, amount="20")).status_code == 403
    client.force_login(contact_a)
    response = client.post(url, movement_data(cost_line, amount="-20"))
    assert italian_html("The amount must be greater than zero.") in response.content.decode()
    movement.refresh_from_db()
    assert movement.amount == Decimal("10")
    response = client.post(url, movement_data(cost_line, amount="20"))
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.amount == Decimal("20")
    assert Movement.objects.count() == 1


def test_a_value_outside_the_indicators_period_is_refused(client, contact_a, subproject):
    manual = services.indicator_save(indicator=indicator(subproject))
    client.force_login(contact_a)
    url = reverse("projects:value_create", args=[subproject.code, manual.code])
    day = (END + timedelta(days=1)).isoformat()
    response = client.post(url, {"on": day, "value": "4"})
    assert response.status_code == 200
    message = italian_html(
        "The date must fall within the period of the indicator (%(start)s – %(end)s)."
    ).split("(")[0]
    assert message.strip() in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_computation_chosen_for_a_manual_indicator_is_dropped(client, contact_a, subproject):
    client.force_login(contact_a)
    response = client.post(
        reverse("projects:indicator_create", args=[subproject.code]),
        {
            "name": "Clienti",
            "dimension": Indicator.Dimension.COMMUNITIES,
            "baseline": "0",
            "target": "5",
            "starts_on": START.isoformat(),
            "ends_on": END.isoformat(),
            "source": Indicator.Source.MANUAL,
            "computation": "hires",
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get().computation == ""
