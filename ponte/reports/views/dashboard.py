"""The dashboard (/cruscotto/): the charts of the indicators over a period, a valley and a
sub-project, each with its table. Aggregates only (see reports.access)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ponte.network.access import is_coordinator
from ponte.reports import access
from ponte.reports.charts import charts_for
from ponte.reports.forms import THIS_YEAR, ScopeForm


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_view_dashboard(request):
        raise PermissionDenied
    form = ScopeForm(request.GET or None, initial={"period": THIS_YEAR})
    scope = form.scope()
    # Small counts are shown as they are to the coordinator only (see reports.access).
    suppress = not is_coordinator(request)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "charts": charts_for(scope, suppress=suppress),
            "suppressed": suppress,
            "can_produce_reports": access.can_produce_reports(request),
        },
    )
