"""The sub-projects under /progetti/. Every sub-project is reached through access.py; every write
is one call to services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ponte.core.concurrency import EditConflict, keep_current_revision
from ponte.core.forms import add_service_errors
from ponte.network.access import SignedInRequest, is_coordinator, member_acting, role_required
from ponte.openings.selectors import openings_visible_to
from ponte.projects import access, selectors, services
from ponte.projects.access import READERS
from ponte.projects.forms import (
    BudgetLineForm,
    IndicatorForm,
    IndicatorValueForm,
    MovementForm,
    SubProjectForm,
)
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject

LIST_PAGE_SIZE = 25


@role_required(*READERS)
def subprojects(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.subprojects_for_list(), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "projects/list.html",
        {"page": page, "can_create": access.can_create(request)},
    )


@role_required(*READERS)
def subproject_detail(request: SignedInRequest, code: str) -> HttpResponse:
    subproject = access.get_subproject_for_user(request, code)
    return render(
        request,
        "projects/detail.html",
        {
            "subproject": subproject,
            "partners": list(subproject.partners.all()),
            "funders": list(subproject.funders.all()),
            "services": list(subproject.services.select_related("provider")),
            "openings": list(
                subproject.openings.filter(
                    pk__in=openings_visible_to(request).values("pk")
                ).select_related("host")
            ),
            "budget": selectors.budget_of(subproject),
            "movements": selectors.recent_movements(subproject),
            "movements_count": selectors.movements_count(subproject),
            "indicators": selectors.indicators_of(subproject, today=timezone.localdate()),
            "can_change": access.can_change(request, subproject),
        },
    )


def _subproject_form(request: HttpRequest, subproject: SubProject) -> HttpResponse:
    lead_fixed = not is_coordinator(request)
    form = SubProjectForm(
        request.POST or None,
        instance=subproject,
        lead_fixed=lead_fixed,
        openings=openings_visible_to(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.subproject_save(
                subproject=form.instance,
                partners=data["partners"],
                funders=data["funders"],
                services=data["services"],
                openings=data["openings"],
                by_coordinator=is_coordinator(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The sub-project has been saved."))
            return redirect("projects:detail", code=saved.code)
    return render(request, "projects/form.html", {"form": form, "subproject": subproject})


@role_required(*READERS)
def subproject_create(request: SignedInRequest) -> HttpResponse:
    if not access.can_create(request):
        raise PermissionDenied
    subproject = SubProject()
    if not is_coordinator(request):
        subproject.lead = member_acting(request).organisation
    return _subproject_form(request, subproject)


@role_required(*READERS)
def subproject_edit(request: SignedInRequest, code: str) -> HttpResponse:
    return _subproject_form(request, access.get_subproject_for_user(request, code, for_change=True))


def _child_form(
    request: HttpRequest,
    subproject: SubProject,
    form: BudgetLineForm | MovementForm | IndicatorForm | IndicatorValueForm,
    save: object,
    title: str,
    success: str,
) -> HttpResponse:
    """The shared flow of the forms of a sub-project's budget and indicators."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)  # type: ignore[operator]
        except EditConflict as error:
            add_service_errors(form, error)
            keep_current_revision(form, error.revision)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("projects:detail", code=subproject.code)
    return render(
        request,
        "projects/child_form.html",
        {"form": form, "subproject": subproject, "title": title},
    )


@role_required(*READERS)
def budget_line_form(
    request: SignedInRequest, code: str, line_code: str | None = None
) -> HttpResponse:
    subproject = access.get_subproject_for_user(request, code, for_change=True)
    if line_code is None:
        line = BudgetLine(subproject=subproject)
    else:
        line = access.get_budget_line_for_change(request, subproject, line_code)
    form = BudgetLineForm(request.POST or None, instance=line)
    return _child_form(
        request,
        subproject,
        form,
        lambda line: services.budget_line_save(
            line=line, read_revision=form.cleaned_data["revision"] if line.pk else None
        ),
        _("New budget line") if line_code is None else _("Change the budget line"),
        _("The budget line has been saved."),
    )


@role_required(*READERS)
def movement_form(
    request: SignedInRequest, code: str, movement_code: str | None = None
) -> HttpResponse:
    subproject = access.get_subproject_for_user(request, code, for_change=True)
    if movement_code is None:
        movement = Movement(on=min(timezone.localdate(), subproject.ends_on))
    else:
        movement = access.get_movement_for_change(request, subproject, movement_code)
    return _child_form(
        request,
        subproject,
        MovementForm(request.POST or None, instance=movement, subproject=subproject),
        lambda movement: services.movement_record(movement=movement, by=request.user),
        _("Record an expense or a revenue") if movement_code is None else _("Change the movement"),
        _("The movement has been saved."),
    )


@role_required(*READERS)
def indicator_form(
    request: SignedInRequest, code: str, indicator_code: str | None = None
) -> HttpResponse:
    subproject = access.get_subproject_for_user(request, code, for_change=True)
    if indicator_code is None:
        indicator = Indicator(
            subproject=subproject, starts_on=subproject.starts_on, ends_on=subproject.ends_on
        )
    else:
        indicator = access.get_indicator_for_change(request, subproject, indicator_code)
    return _child_form(
        request,
        subproject,
        IndicatorForm(request.POST or None, instance=indicator),
        lambda indicator: services.indicator_save(indicator=indicator),
        _("New indicator") if indicator_code is None else _("Change the indicator"),
        _("The indicator has been saved."),
    )


@role_required(*READERS)
def indicator_value_create(
    request: SignedInRequest, code: str, indicator_code: str
) -> HttpResponse:
    subproject = access.get_subproject_for_user(request, code, for_change=True)
    indicator = access.get_indicator_for_change(request, subproject, indicator_code)
    if indicator.source == Indicator.Source.COMPUTED:
        raise PermissionDenied
    value = IndicatorValue(indicator=indicator, on=timezone.localdate())
    return _child_form(
        request,
        subproject,
        IndicatorValueForm(request.POST or None, instance=value),
        lambda value: services.indicator_value_record(value=value, by=request.user),
        _("New value of “%(name)s”") % {"name": indicator.name},
        _("The value has been recorded."),
    )
