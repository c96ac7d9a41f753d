"""The dashboard (/cruscotto/): the charts of the indicators over a period, a valley and a
sub-project, each with its table. Aggregates only (see reports.access).

Every viewer, the coordinator too, is outside the care team: the tables and charts go through
the one suppression rule (core.suppression), counts from 1 to 4 shown as "<5". So everything
under the page's heading is the same for every viewer and is rendered once per address,
language and version of the data (core.cache.cached_fragment): a repeated view costs the
version query and the page's frame, whatever the volume of data."""

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ponte.core.cache import cached_fragment
from ponte.reports import access
from ponte.reports.charts import charts_for
from ponte.reports.forms import THIS_YEAR, ScopeForm
from ponte.reports.selectors import dashboard_version


def _body_context(request: HttpRequest) -> dict[str, Any]:
    form = ScopeForm(request.GET or None, initial={"period": THIS_YEAR})
    scope = form.scope()
    return {
        "form": form,
        "scope": scope,
        "charts": charts_for(scope, suppress=True),
        "suppressed": True,
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_view_dashboard(request):
        raise PermissionDenied
    body = cached_fragment(
        request,
        "reports/dashboard_body.html",
        lambda: _body_context(request),
        version=f"{dashboard_version()}|suppressed",
    )
    return render(
        request,
        "reports/dashboard.html",
        {"body": body, "can_produce_reports": access.can_produce_reports(request)},
    )
