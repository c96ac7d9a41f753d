"""The dashboard (/cruscotto/): every chart with its table, for every signed-in member of the
district; aggregates only; filters by period, valley and sub-project; cached charts; a number of
queries that does not grow with the data."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core import charts as core_charts
from ponte.core.suppression import suppressed
from ponte.core.tests.helpers import CAVALESE, italian
from ponte.network.models import Role, Valley
from ponte.pathways.models import Level, LevelChange, Person
from ponte.reports.charts import chart_for, charts_for
from ponte.reports.indicators import INDICATORS, Scope, compute_all, people_in_charge
from ponte.reports.selectors import month_ends, people_in_charge_by_month
from ponte.reports.tests.test_indicators_dataset import YEAR_END, YEAR_START, build_dataset

URL = "/cruscotto/"
YEAR_2025 = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def data(municipalities, org_a, org_b, company, worker_a):
    return build_dataset(
        municipalities=municipalities, org_a=org_a, org_b=org_b, company=company, user=worker_a
    )


@pytest.fixture
def renders(monkeypatch):
    """Counts the SVG renderings (the real renderer still runs)."""
    calls = []
    real = core_charts.vlc.vegalite_to_svg

    def counting(spec, **kwargs):
        calls.append(spec)
        return real(spec, **kwargs)

    monkeypatch.setattr(core_charts.vlc, "vegalite_to_svg", counting)
    return calls


def page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, key: str) -> str:
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def row_of(html: str, key: str, label: str) -> str:
    """The cells of the row labelled `label` in the table of a section."""
    part = section(html, key)
    start = part.index(f'<th scope="row">{label}</th>')
    return part[start : part.index("</tr>", start)]


# Access ------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cruscotto/")


def test_a_user_with_no_role_is_refused(client, nobody):
    client.force_login(nobody)
    assert client.get(URL).status_code == 403


def test_the_coordinator_sees_every_section_with_its_table(client, coordinator, data, renders):
    html = page(client, coordinator, **YEAR_2025)
    keys = ["people_in_charge"] + [i.key for i in INDICATORS if i.key != "people_in_charge"]
    for key in keys:
        part = section(html, key)
        assert f'<caption id="{key}-caption">' in part, key
        assert '<th scope="col"' in part, key
        assert '<th scope="row">' in part, key
    # Small counts are left out of the charts: with this small data set, some draw nothing.
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 4
    assert renders, "the charts are rendered"
    assert italian("Dashboard") in html


def test_the_coordinator_sees_small_counts_suppressed_too(client, coordinator, data):
    """Issue 15: the coordinator is outside the care team; the dashboard showed them small
    counts as they are."""
    html = page(client, coordinator, **YEAR_2025)
    # 4 people in charge on 31 December 2025 (see test_indicators_dataset), 3 of them on
    # levels with fewer than 5: "<5", and the total, which would tell the fourth, withheld.
    row = row_of(html, "people_in_charge", "31/12/2025")
    assert cells(row) == ["&lt;5", "&lt;5", "&lt;5", "0", "0", "0", "—"]
    assert '<td class="text-end">4</td>' not in section(html, "people_in_charge")


@pytest.mark.parametrize("role", [Role.MEMBER_CONTACT, Role.CASE_WORKER, Role.COMPANY_TUTOR])
def test_members_in_any_role_see_aggregates_with_small_counts_hidden(
    client, make_user, org_a, data, role
):
    member = make_user("membro", org_a, role)
    html = page(client, member, **YEAR_2025)
    people = row_of(html, "people_in_charge", "31/12/2025")
    assert "&lt;5" in people
    assert '<td class="text-end">4</td>' not in people
    for key in ("transitions", "placements_ended", "marketplace", "budget"):
        assert section(html, key)


def test_no_person_appears_on_the_page(client, coordinator, data):
    html = page(client, coordinator, **YEAR_2025)
    for person in Person.objects.all():
        assert person.code not in html
        assert person.first_name not in html
        assert person.last_name not in html
        assert person.fiscal_code == "" or person.fiscal_code not in html


# Filters -----------------------------------------------------------------------------------------


def test_the_valley_filter_changes_the_numbers(client, coordinator, data):
    fassa = Valley.objects.exclude(municipalities__istat_code=CAVALESE).get()
    html = page(client, coordinator, valley=fassa.code, **YEAR_2025)
    # Only carla lives in Fassa: 1 person in charge (closed on the end date), shown as "<5".
    row = row_of(html, "people_in_charge", "31/12/2025")
    assert cells(row) == ["0", "&lt;5", "0", "0", "0", "0", "—"]
    assert f"· {fassa.name}" in html


def test_the_sub_project_filter_changes_the_numbers(client, coordinator, data):
    lab = data.subprojects["laboratorio"]
    html = page(client, coordinator, subproject=lab.code, **YEAR_2025)
    row = row_of(html, "people_in_charge", "31/12/2025")
    assert row.endswith('<td class="text-end">—</td>')
    assert cells(row).count("&lt;5") == 1
    assert f"· {lab.title}" in html


def cells(row: str) -> list[str]:
    return [cell.split("</td>")[0] for cell in row.split('<td class="text-end">')[1:]]


def test_periods_a_few_days_apart_give_the_same_page(client, coordinator, data):
    """Issue 15 (differencing): on 29 December elena (closed on the 30th) is in charge and
    dario (opened on the 31st) not yet, on the 31st the other way round (test_indicators);
    the dashboard counts whole months, so both periods end on 31 December and nobody can
    subtract one from the other."""
    before = page(client, coordinator, start="2025-12-01", end="2025-12-29")
    after = page(client, coordinator, start="2025-12-02", end="2025-12-31")
    assert "29/12/2025" not in section(before, "people_in_charge")
    row = row_of(before, "people_in_charge", "31/12/2025")
    assert row == row_of(after, "people_in_charge", "31/12/2025")
    assert section(before, "placements_ended") == section(after, "placements_ended")


# On a leap day this year has one complete month so far: January (February is not over).
@pytest.mark.time_machine(datetime(2028, 2, 29, 10, tzinfo=UTC))
def test_this_year_is_the_default_and_last_year_a_preset(client, coordinator, data):
    html = page(client, coordinator)
    people = section(html, "people_in_charge")
    assert people.count('<th scope="row">') == 1
    assert '<th scope="row">31/01/2028</th>' in people
    assert '<th scope="row">29/02/2028</th>' not in people
    html = page(client, coordinator, period="last_year")
    people = section(html, "people_in_charge")
    assert people.count('<th scope="row">') == 12
    assert '<th scope="row">31/12/2027</th>' in people


def test_an_end_before_the_start_is_a_clear_error_and_still_a_page(client, coordinator, data):
    html = page(client, coordinator, start="2025-12-31", end="2025-01-01")
    assert "alert-danger" in html
    assert (
        italian(
            "The filter has errors: the numbers below are of this year, for the whole district."
        )
        in html
    )
    assert '<section id="people_in_charge"' in html


def test_an_unknown_valley_is_a_clear_error_and_still_a_page(client, coordinator, data):
    html = page(client, coordinator, valley="atlantide")
    assert 'id="id_valley_error"' in html
    assert '<section id="hours"' in html


def test_a_date_that_is_not_a_date_is_a_clear_error(client, coordinator):
    html = page(client, coordinator, start="31-02-2025")
    assert 'id="id_start_error"' in html


# The monthly series ------------------------------------------------------------------------------


def test_month_ends_close_on_the_last_day_of_the_period():
    assert month_ends(date(2025, 1, 15), date(2025, 3, 10)) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 10),
    ]


@pytest.mark.parametrize(
    "start,end",
    [
        (YEAR_START, YEAR_END),
        (date(2024, 11, 1), date(2025, 2, 15)),
        (date(2025, 12, 1), date(2025, 12, 30)),
        (date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_each_month_counts_as_the_indicator_on_that_day(data, start, end):
    monthly = people_in_charge_by_month(Scope(start, end))
    for row in monthly.rows:
        day = row[0]
        expected = people_in_charge(Scope(day, day))
        assert row[1:] == [r[1] for r in expected.rows], day


def test_the_monthly_series_takes_the_scope_filters(data):
    lab = data.subprojects["laboratorio"]
    scope = Scope(YEAR_START, YEAR_END, subprojects=(lab,))
    monthly = people_in_charge_by_month(scope)
    expected = people_in_charge(scope)
    assert monthly.rows[-1][1:] == [r[1] for r in expected.rows]


# Charts and cost ---------------------------------------------------------------------------------


def test_a_second_view_renders_no_chart(client, coordinator, data, renders):
    page(client, coordinator, **YEAR_2025)
    first = len(renders)
    assert first >= 4
    html = page(client, coordinator, **YEAR_2025)
    assert len(renders) == first
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == first


def test_the_same_chart_is_rendered_once_even_with_a_new_version(
    client, coordinator, data, renders
):
    page(client, coordinator, **YEAR_2025)
    first = len(renders)
    # Any change makes a new version of the data: the tables are computed again, but a chart
    # whose data did not change is not drawn again.
    LevelChange.objects.create(
        person=data.people["anna"],
        from_level=data.levels[3],
        to_level=data.levels[4],
        cause=LevelChange.Cause.REVIEW,
        changed_on=date(2026, 3, 1),
    )
    page(client, coordinator, **YEAR_2025)
    assert len(renders) == first


def _add_people(municipalities, org, count: int) -> None:
    levels = list(Level.objects.order_by("number"))
    for n in range(count):
        person = Person.objects.create(
            first_name=f"Persona{n}",
            last_name="Prova",
            basis=Person.Basis.UNCERTIFIED,
            municipality=municipalities[CAVALESE],
            level=levels[n % len(levels)],
            organisation=org,
            status=Person.Status.OPEN,
            opened_on=date(2025, 1 + n % 12, 1),
        )
        LevelChange.objects.create(
            person=person,
            to_level=person.level,
            cause=LevelChange.Cause.INTAKE,
            changed_on=person.opened_on,
        )


def _queries(client, params) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(
    client, coordinator, municipalities, org_a
):
    client.force_login(coordinator)
    client.get(URL)  # the session and the first-use caches
    _add_people(municipalities, org_a, 2)
    few = _queries(client, YEAR_2025)
    _add_people(municipalities, org_a, 4)
    many = _queries(client, YEAR_2025)
    assert few == many


def test_a_cached_view_costs_a_few_queries(client, coordinator, data):
    client.force_login(coordinator)
    client.get(URL, YEAR_2025)
    with CaptureQueriesContext(connection) as context:
        client.get(URL, YEAR_2025)
    assert len(context.captured_queries) <= 12


def test_the_coordinator_and_a_member_see_the_same_suppressed_numbers(
    client, coordinator, contact_a, data
):
    coordinators = row_of(page(client, coordinator, **YEAR_2025), "people_in_charge", "31/12/2025")
    members = row_of(page(client, contact_a, **YEAR_2025), "people_in_charge", "31/12/2025")
    assert "&lt;5" in coordinators
    assert coordinators == members


def test_the_menu_leads_members_to_the_dashboard(client, contact_a):
    client.force_login(contact_a)
    assert 'href="/cruscotto/"' in client.get("/").content.decode()
    client.logout()
    assert 'href="/cruscotto/"' not in client.get("/").content.decode()


def test_every_indicator_draws_its_table_as_computed_or_suppressed(data):
    for indicator, table in compute_all(Scope(YEAR_START, YEAR_END)):
        for version in (table, suppressed(table)):
            svg = chart_for(indicator, version)
            assert svg is None or svg.startswith("<svg"), indicator.key
    drawn = [i.key for i, t in compute_all(Scope(YEAR_START, YEAR_END)) if chart_for(i, t)]
    assert set(drawn) >= {"people_in_charge", "transitions", "placements_ended", "budget"}


def test_charts_for_gives_every_section_in_order(data):
    found = charts_for(Scope(YEAR_START, YEAR_END))
    assert [chart.key for chart in found] == [indicator.key for indicator in INDICATORS]
    assert found[0].formatted_rows[-1][0] == "31/12/2025"


def test_reading_a_person_keeps_the_cache_and_a_change_renews_it(data, worker_a):
    from auditlog.models import LogEntry
    from auditlog.signals import accessed

    from ponte.reports.selectors import dashboard_version

    before = dashboard_version()
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    accessed.send(sender=Person, instance=data.people["anna"])  # a read of identity, audited
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == reads + 1
    assert dashboard_version() == before
    anna = data.people["anna"]
    anna.hours_per_week = 25
    anna.save()  # a change, audited
    assert dashboard_version() != before


def test_only_the_coordinator_is_offered_the_funder_reports(client, coordinator, contact_a):
    assert 'href="/cruscotto/rapporti/"' in page(client, coordinator)
    assert 'href="/cruscotto/rapporti/"' not in page(client, contact_a)
