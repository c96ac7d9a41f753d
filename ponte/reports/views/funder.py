"""Funder reports (/cruscotto/rapporti/): the coordinator chooses a period, a valley and
sub-projects, the report is built by a background task while its page shows the progress, and
its workbook and PDF are kept to download later.

Only the coordinator produces and downloads them (access.can_produce_reports): other signed-in
members get 403 on the list and 404 on a report's pages (they may not know it exists);
anonymous visitors are sent to sign in. The files are served only by these views, never as
public media."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from ponte.core.forms import add_service_errors
from ponte.network.access import signed_in
from ponte.reports import access, services
from ponte.reports.forms import CUSTOM, LAST_YEAR, FunderReportForm
from ponte.reports.models import FunderReport

PAGE_SIZE = 20
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _report_for(request: HttpRequest, code: str) -> FunderReport:
    """A report for the coordinator; 404 for anyone else (they may not know it exists)."""
    if not access.can_produce_reports(request):
        raise Http404
    report = FunderReport.objects.select_related("valley", "requested_by").filter(code=code).first()
    if report is None:
        raise Http404
    return report


def funder_reports(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_produce_reports(request):
        raise PermissionDenied
    if request.method == "POST":
        form = FunderReportForm(request.POST)
    else:  # the dashboard's filter, when it leads here, fills the form in
        chosen: dict[str, object] = dict(request.GET.dict())
        if chosen.get("start") or chosen.get("end"):
            chosen["period"] = CUSTOM
        if subproject := chosen.pop("subproject", None):
            chosen["subprojects"] = [subproject]
        form = FunderReportForm(initial={"period": LAST_YEAR, **chosen})
    if request.method == "POST" and form.is_valid():
        scope = form.scope(statistics_consent_only=True)
        try:
            report = services.funder_report_request(
                user=signed_in(request).user,
                start=scope.start,
                end=scope.end,
                valley=scope.valley,
                subprojects=scope.subprojects,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:funder_report", code=report.code)
    reports = (
        FunderReport.objects.select_related("valley", "requested_by")
        .prefetch_related("subprojects")
        .order_by("-requested_at", "-id")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/funder_list.html",
        {"form": form, "page": page},
        status=400 if request.method == "POST" else 200,
    )


def funder_report(request: HttpRequest, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = _report_for(request, code)
    return render(
        request,
        "reports/funder_detail.html",
        {"report": report, "subprojects": list(report.subprojects.order_by("title"))},
    )


def funder_progress(request: HttpRequest, code: str) -> HttpResponse:
    """The progress bar, polled by htmx while the task runs; when it is over the page reloads
    to offer the downloads (or say why it failed)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = _report_for(request, code)
    response = render(request, "reports/funder_progress.html", {"report": report})
    if not report.is_pending:
        response["HX-Refresh"] = "true"
    return response


def funder_download(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = _report_for(request, code)
    if fmt not in CONTENT_TYPES:
        raise Http404
    stored = report.xlsx if fmt == "xlsx" else report.pdf
    if report.status != FunderReport.Status.DONE or not stored:
        raise Http404
    services.funder_report_download_record(report=report)
    filename = f"rapporto-finanziatori-{report.start:%Y%m%d}-{report.end:%Y%m%d}.{fmt}"
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt]
    )
