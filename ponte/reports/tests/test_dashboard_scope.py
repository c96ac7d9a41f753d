"""The scope form of the dashboard and of the reports (presets, dates, valley, sub-project),
and the two access rules: who sees the dashboard, who produces reports."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ponte.core.tests.helpers import CAVALESE, italian
from ponte.network.models import Membership, Role
from ponte.projects.models import SubProject
from ponte.reports.access import can_produce_reports, can_view_dashboard
from ponte.reports.forms import ScopeForm, preset_period

TODAY = date(2026, 11, 26)
LAST_MONTH_END = date(2026, 10, 31)


def scope_of(**data):
    form = ScopeForm(data, today=TODAY)
    return form, form.scope()


def test_this_year_up_to_the_last_complete_month_is_the_default():
    form = ScopeForm(today=TODAY)
    scope = form.scope()
    # Whole months only (core.suppression): October is the last complete month on 26/11.
    assert (scope.start, scope.end) == (date(2026, 1, 1), LAST_MONTH_END)
    assert scope.valley is None and scope.subprojects == ()


def test_the_presets_give_their_dates():
    assert preset_period("last_year", TODAY) == (date(2025, 1, 1), date(2025, 12, 31))
    assert preset_period("last_12_months", TODAY) == (date(2025, 12, 1), TODAY)
    assert preset_period("last_12_months", date(2026, 12, 5)) == (
        date(2026, 1, 1),
        date(2026, 12, 5),
    )
    _form, scope = scope_of(period="last_year")
    assert (scope.start, scope.end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_dates_win_over_the_preset():
    form, scope = scope_of(period="this_year", start="2024-03-01", end="2024-06-30")
    assert (scope.start, scope.end) == (date(2024, 3, 1), date(2024, 6, 30))
    assert form.data["period"] == "custom"


def test_chosen_dates_count_whole_months_up_to_the_last_complete_one():
    """Issue 15: two periods a day apart (17/11 and 18/11) must not give one day's events by
    difference. Each date stands for its month; the current month is not counted."""
    _form, scope = scope_of(start="2024-03-17", end="2024-06-05")
    assert (scope.start, scope.end) == (date(2024, 3, 1), date(2024, 6, 30))
    _form, one_day = scope_of(start="2025-11-17", end="2025-11-17")
    _form, two_days = scope_of(start="2025-11-17", end="2025-11-18")
    assert (one_day.start, one_day.end) == (two_days.start, two_days.end)
    assert (one_day.start, one_day.end) == (date(2025, 11, 1), date(2025, 11, 30))
    _form, scope = scope_of(start="2026-03-01", end="2026-11-25")
    assert (scope.start, scope.end) == (date(2026, 3, 1), LAST_MONTH_END)


def test_one_date_alone_completes_the_period_within_its_year():
    _form, scope = scope_of(end="2024-06-30")
    assert (scope.start, scope.end) == (date(2024, 1, 1), date(2024, 6, 30))
    _form, scope = scope_of(start="2024-03-01")
    assert (scope.start, scope.end) == (date(2024, 3, 1), date(2024, 12, 31))


def test_an_end_before_the_start_is_refused_with_a_clear_message():
    form, scope = scope_of(start="2025-12-31", end="2025-01-01")
    assert not form.is_valid()
    message = italian("The end of the period (%(end)s) comes before its start (%(start)s).") % {
        "end": "01/01/2025",
        "start": "31/12/2025",
    }
    assert form.non_field_errors() == [message]
    assert (scope.start, scope.end) == (date(2026, 1, 1), LAST_MONTH_END)


def test_a_period_too_long_or_too_early_is_refused():
    form, _scope = scope_of(start="2001-01-01", end="2025-12-31")
    assert not form.is_valid()
    form, _scope = scope_of(start="1990-01-01", end="1990-12-31")
    assert "start" in form.errors


def test_an_unknown_valley_or_sub_project_is_refused(db):
    form, scope = scope_of(valley="atlantide", subproject="NOTACODE")
    assert set(form.errors) == {"valley", "subproject"}
    assert scope.valley is None


def test_valley_and_sub_project_are_chosen_by_code(municipalities, org_a):
    valley = municipalities[CAVALESE].valley
    subproject = SubProject.objects.create(
        title="Lavanderia", lead=org_a, starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31)
    )
    _form, scope = scope_of(valley=valley.code, subproject=subproject.code, period="last_year")
    assert scope.valley == valley
    assert scope.subprojects == (subproject,)
    assert ScopeForm({}, today=TODAY).scope(statistics_consent_only=True).statistics_consent_only


# Access ------------------------------------------------------------------------------------------


def request_as(user, membership=None):
    request = RequestFactory().get("/cruscotto/")
    request.user = user
    request.membership = membership
    return request


def test_every_role_sees_the_dashboard_and_only_the_coordinator_produces_reports(
    coordinator, contact_a, worker_a, tutor
):
    for user in (coordinator, contact_a, worker_a, tutor):
        membership = Membership.objects.get(user=user)
        assert can_view_dashboard(user)
        assert can_view_dashboard(request_as(user, membership))
        expected = membership.role == Role.COORDINATOR
        assert can_produce_reports(user) is expected
        assert can_produce_reports(request_as(user, membership)) is expected


def test_anonymous_users_and_users_without_a_role_see_nothing(nobody):
    for user in (AnonymousUser(), nobody):
        assert not can_view_dashboard(request_as(user))
        assert not can_produce_reports(request_as(user))
    assert not can_view_dashboard(nobody)
    assert not can_produce_reports(nobody)


def test_an_inactive_coordinator_membership_produces_no_report(coordinator):
    Membership.objects.filter(user=coordinator).update(is_active=False)
    assert not can_produce_reports(coordinator)
    assert not can_view_dashboard(coordinator)
