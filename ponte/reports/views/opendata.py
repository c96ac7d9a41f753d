"""Open data (/dati/): the indicators of a complete year for everyone, without signing in, as a
page grouped by the dimensions of "Welfare Km zero" and as CSV and JSON downloads; a page
explains each indicator. Only aggregates of the people who consent to statistics, small counts
suppressed (see reports.opendata)."""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ponte.core.cache import cache_public_page
from ponte.core.suppression import SUPPRESSED, THRESHOLD
from ponte.reports import opendata


def _year(request: HttpRequest) -> int:
    return opendata.valid_year(request.GET.get("year") or opendata.last_complete_year())


@require_safe
@cache_public_page(opendata.opendata_version)
def index(request: HttpRequest) -> HttpResponse:
    context = {"years": opendata.years(), "threshold": THRESHOLD, "suppressed": SUPPRESSED}
    try:
        year = _year(request)
    except Http404 as error:
        context["error"] = str(error)
        return render(request, "reports/opendata.html", context, status=404)
    context |= {"year": year, "sections": opendata.page_sections(year, request)}
    return render(request, "reports/opendata.html", context)


@require_safe
@cache_public_page(lambda request: "definitions")
def definitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/opendata_definitions.html",
        {
            "indicators": opendata.definitions(),
            "threshold": THRESHOLD,
            "suppressed": SUPPRESSED,
        },
    )


@require_safe
def indicators_csv(request: HttpRequest) -> HttpResponse:
    try:
        year = _year(request)
    except Http404 as error:
        return HttpResponse(str(error), status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        opendata.open_indicators_csv(year, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="indicatori-{year}.csv"'
    return response


@require_safe
def indicators_json(request: HttpRequest) -> HttpResponse:
    try:
        year = _year(request)
    except Http404 as error:
        return _json({"error": str(error)}, status=404)
    return _json(opendata.open_indicators(year))


def _json(document: object, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1),
        status=status,
        content_type="application/json; charset=utf-8",
    )
