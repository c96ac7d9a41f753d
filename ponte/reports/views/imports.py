"""Imports from spreadsheets (/cruscotto/importazioni/): the templates to download, the upload,
the dry run row by row, the import with its progress bar, the history of one's own imports.

Who may import which kind follows each app's access rules (`allowed` of each kind, in its app's
imports module); an import is seen only by the user who uploaded it (imports/access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.forms import add_service_errors
from ponte.imports.kinds import KINDS, kinds_for
from ponte.network.access import SignedInRequest, not_as_dpo
from ponte.reports.imports import batches
from ponte.reports.imports.access import actor_for, get_batch_for_user, get_kind_for_user
from ponte.reports.imports.forms import ImportUploadForm
from ponte.reports.imports.templates import template_csv, template_xlsx
from ponte.reports.models import ImportBatch

ROWS_PAGE_SIZE = 50
# A file where every row is wrong would list thousands: the first ones are enough to correct it.
ERRORS_SHOWN = 500
HISTORY_SIZE = 10
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@not_as_dpo
def import_list(request: SignedInRequest) -> HttpResponse:
    actor = actor_for(request)
    kinds = kinds_for(actor)
    form = ImportUploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and kinds and form.is_valid():
        try:
            batch = batches.import_batch_create(
                actor=actor, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:import_detail", code=batch.code)
    history = (
        ImportBatch.objects.filter(membership=actor.membership)
        .defer("content", "report")
        .order_by("-created_at", "-id")[:HISTORY_SIZE]
    )
    return render(
        request,
        "reports/imports.html",
        {"form": form, "kinds": kinds, "history": history, "kind_labels": _kind_labels()},
        status=400 if request.method == "POST" else 200,
    )


def _kind_labels() -> dict[str, str]:
    return {slug: str(kind.label) for slug, kind in KINDS.items()}


@login_required
def import_template(request: SignedInRequest, kind: str, fmt: str) -> HttpResponse:
    kind_class = get_kind_for_user(request, kind)
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(kind_class), content_type=XLSX_TYPE)
    elif fmt == "csv":
        response = HttpResponse(template_csv(kind_class), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="ponte-{kind}.{fmt}"'
    return response


@login_required
def import_detail(request: SignedInRequest, code: str) -> HttpResponse:
    batch = get_batch_for_user(request, code)
    report = batch.report or {}
    page = Paginator(report.get("rows", []), ROWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/import_detail.html",
        {
            "batch": batch,
            "kind_label": _kind_labels().get(batch.kind, batch.kind),
            "page": page,
            "errors": report.get("errors", [])[:ERRORS_SHOWN],
            "errors_hidden": max(0, len(report.get("errors", [])) - ERRORS_SHOWN),
        },
    )


@login_required
def import_progress(request: SignedInRequest, code: str) -> HttpResponse:
    """The progress bar, polled by htmx while the task runs; when it is over the page reloads
    to show the result."""
    batch = get_batch_for_user(request, code)
    response = render(request, "reports/import_progress.html", {"batch": batch})
    if not batch.is_running:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def import_start(request: SignedInRequest, code: str) -> HttpResponse:
    batch = get_batch_for_user(request, code)
    try:
        batches.import_batch_start(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:import_detail", code=batch.code)


@require_POST
@login_required
def import_discard(request: SignedInRequest, code: str) -> HttpResponse:
    batch = get_batch_for_user(request, code)
    try:
        batches.import_batch_discard(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:import_detail", code=batch.code)
    messages.success(request, _("The file has been discarded."))
    return redirect("reports:imports")
