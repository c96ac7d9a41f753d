"""Two people changing the same budget line: the form carries the line's revision; a form read
before somebody else's save is refused, with the line as saved now, who saved it and when;
nothing of it is saved (core/concurrency.py)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from ponte.core.tests.helpers import italian, page_text
from ponte.projects import services
from ponte.projects.models import BudgetLine

pytestmark = pytest.mark.django_db


def edit_url(line: BudgetLine) -> str:
    return reverse("projects:line_edit", args=[line.subproject.code, line.code])


def test_the_form_carries_the_revision_it_was_read_at(client, contact_a, cost_line):
    client.force_login(contact_a)
    html = client.get(edit_url(cost_line)).content.decode()
    assert f'<input type="hidden" name="revision" value="{cost_line.revision}"' in html


def test_a_change_without_its_revision_is_refused(client, contact_a, cost_line):
    client.force_login(contact_a)
    response = client.post(
        edit_url(cost_line), {"name": "Altro", "kind": BudgetLine.Kind.COST, "planned": "5"}
    )
    assert response.status_code == 200
    cost_line.refresh_from_db()
    assert (cost_line.name, cost_line.planned) == ("Materie prime", Decimal("1000"))


def test_a_stale_line_is_refused_with_what_changed_and_nothing_is_saved(
    client, contact_a, worker_a, cost_line
):
    read_at = cost_line.revision
    client.force_login(worker_a)
    first = client.post(
        edit_url(cost_line),
        {
            "name": "Materie prime",
            "kind": BudgetLine.Kind.COST,
            "planned": "1200",
            "revision": read_at,
        },
    )
    assert first.status_code == 302
    client.force_login(contact_a)
    response = client.post(
        edit_url(cost_line),
        {"name": "Materiali", "kind": BudgetLine.Kind.COST, "planned": "900", "revision": read_at},
    )
    assert response.status_code == 200
    cost_line.refresh_from_db()
    assert (cost_line.name, cost_line.planned) == ("Materie prime", Decimal("1200"))
    text = page_text(response)
    assert "Marco Delvai" in text
    saved_now = italian("%(field)s, saved now: %(value)s")
    assert (
        saved_now % {"field": capfirst(italian("planned amount (€)")), "value": "1.200,00"} in text
    )
    assert saved_now % {"field": capfirst(italian("name")), "value": "Materie prime"} in text
    assert (
        saved_now % {"field": capfirst(italian("kind")), "value": italian("Cost")} not in text
    )  # same
    form = response.context["form"]
    assert form["planned"].value() == "900"
    assert form["revision"].value() == str(cost_line.revision)
    again = client.post(
        edit_url(cost_line),
        {
            "name": "Materiali",
            "kind": BudgetLine.Kind.COST,
            "planned": "900",
            "revision": cost_line.revision,
        },
    )
    assert again.status_code == 302
    cost_line.refresh_from_db()
    assert (cost_line.name, cost_line.planned) == ("Materiali", Decimal("900"))


def test_every_save_moves_the_revision_on(cost_line):
    before = cost_line.revision
    cost_line.planned = Decimal("10")
    services.budget_line_save(line=cost_line)
    cost_line.refresh_from_db()
    assert cost_line.revision == before + 1
    cost_line.planned = Decimal("20")
    services.budget_line_save(line=cost_line, read_revision=before + 1)
    cost_line.refresh_from_db()
    assert (cost_line.revision, cost_line.planned) == (before + 2, Decimal("20"))
