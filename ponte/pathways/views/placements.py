"""Services of the chain, placements, attendance, tutor evaluations and follow-ups. Every object is
reached through access.py; every write is one call to services.py."""

from datetime import date
from typing import Any

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.concurrency import EditConflict, keep_current_revision
from ponte.core.forms import add_service_errors
from ponte.network.access import SignedInRequest, current_role, member_acting
from ponte.network.models import Organisation, Role
from ponte.network.selectors import current_district
from ponte.pathways import attendance, selectors
from ponte.pathways import services as pathway_services
from ponte.pathways.access import (
    SERVICE_VIEWERS,
    PlacementAccess,
    can_manage_service,
    care_team_people,
    get_person_for_user,
    get_placement_for_user,
    get_service_for_user,
    host_access,
)
from ponte.pathways.forms.placements import (
    AttendanceMonthForm,
    EndForm,
    EvaluationForm,
    FollowUpForm,
    PlacementForm,
    ServiceFilterForm,
    ServiceForm,
    TransitionForm,
)
from ponte.pathways.models import Assessment, Instrument, Person, Placement, Service
from ponte.pathways.services.people import identity_reads_record

SERVICES_PAGE_SIZE = 50


def _services_viewer(request: HttpRequest) -> None:
    if current_role(request) not in SERVICE_VIEWERS:
        raise Http404


def _is_care_team(access: PlacementAccess) -> bool:
    return access.can_change and not access.is_tutor


# Services of the chain ------------------------------------------------------------------------


@login_required
def services(request: SignedInRequest) -> HttpResponse:
    _services_viewer(request)
    form = ServiceFilterForm(request.GET or None)
    rows = form.filter(selectors.services_with_occupancy()).order_by("-is_active", "name")
    page = Paginator(rows, SERVICES_PAGE_SIZE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "pathways/services/list.html",
        {
            "form": form,
            "page": page,
            "query_without_page": query_without_page.urlencode(),
            "can_create": can_manage_service(request, None),
        },
    )


def _service_form(request: HttpRequest, service: Service | None) -> HttpResponse:
    form = ServiceForm(
        request.POST or None,
        instance=service,
        choose_provider=current_role(request) == Role.COORDINATOR,
    )
    if request.method == "POST" and form.is_valid():
        if "provider" not in form.fields and service is None:
            form.instance.provider = member_acting(request).organisation
        saved = pathway_services.service_save(
            service=form.instance, levels=list(form.cleaned_data["levels"])
        )
        messages.success(request, _("The service has been saved."))
        return redirect("pathways:service", code=saved.code)
    return render(request, "pathways/services/form.html", {"form": form, "service": service})


@login_required
def service_create(request: SignedInRequest) -> HttpResponse:
    _services_viewer(request)
    if not can_manage_service(request, None):
        raise PermissionDenied
    return _service_form(request, None)


@login_required
def service_edit(request: SignedInRequest, code: str) -> HttpResponse:
    return _service_form(request, get_service_for_user(request, code, for_change=True))


@login_required
def service_detail(request: SignedInRequest, code: str) -> HttpResponse:
    service = get_service_for_user(request, code)
    placements = list(
        service.placements.filter(status__in=Placement.OCCUPYING)
        .select_related("person", "tutor")
        .order_by("status", "planned_start", "id")
    )
    # Names only for the people whose care team the viewer is in, as a case worker.
    own: set[int] = set()
    if current_role(request) == Role.CASE_WORKER and placements:
        own = set(
            care_team_people(request.user)
            .filter(pk__in=[p.person_id for p in placements])
            .values_list("pk", flat=True)
        )
    # docs/privacy.md, "Audit trail": the names shown are reads of identity (one insert, whatever
    # their number).
    identity_reads_record(
        people=[p.person for p in placements if p.person_id in own], by=request.user
    )
    return render(
        request,
        "pathways/services/detail.html",
        {
            "service": service,
            "placements": [(p, p.person_id in own) for p in placements],
            "free_places": max(service.places - len(placements), 0),
            "can_edit": can_manage_service(request, service),
        },
    )


# Placements -----------------------------------------------------------------------------------


@login_required
def placement_create(request: SignedInRequest, code: str) -> HttpResponse:
    person = get_person_for_user(request, code, for_change=True).person
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            placement = pathway_services.placement_propose(
                person=person, by=request.user, promoter=person.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The placement has been proposed."))
            return redirect("pathways:placement", code=placement.code)
    return render(request, "pathways/placements/form.html", {"form": form, "person": person})


@login_required
def placement_detail(request: SignedInRequest, code: str) -> HttpResponse:
    access = get_placement_for_user(request, code)
    placement = access.placement
    care_team = _is_care_team(access)
    if access.sees_identity:
        accessed.send(sender=Person, instance=placement.person)
    allowed = pathway_services.ALLOWED_TRANSITIONS[Placement.Status(placement.status)]
    # The host's side sees what the agreement names, the attendance and its own evaluations;
    # never assessments made by others, nor the follow-ups after the end (docs/privacy.md,
    # "Company tutors, field by field").
    host = host_access(placement.person, placement.host_id) if access.is_tutor else None
    evaluations = (
        selectors.host_evaluations(placement)
        if access.is_tutor
        else placement.evaluations.select_related("assessor").order_by("-assessed_on", "-id")
    )
    return render(
        request,
        "pathways/placements/detail.html",
        {
            "placement": placement,
            "access": access,
            "host": host,
            "host_profile_link": host is not None
            and host.host_sees_profile
            and current_role(request) == Role.COMPANY_TUTOR,
            "care_team": care_team,
            "can_accept": care_team and Placement.Status.ACCEPTED in allowed,
            "can_start": care_team and Placement.Status.ACTIVE in allowed,
            "can_withdraw": care_team and Placement.Status.WITHDRAWN in allowed,
            "end_form": EndForm() if care_team and Placement.Status.ENDED in allowed else None,
            "months": attendance.month_summaries(placement),
            "today": date.today(),
            "evaluations": evaluations,
            "follow_ups": placement.follow_ups.all() if not access.is_tutor else [],
        },
    )


@require_POST
@login_required
def placement_transition(request: SignedInRequest, code: str) -> HttpResponse:
    access = get_placement_for_user(request, code, for_change=True)
    if not _is_care_team(access):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("pathways:placement", code=code)
    try:
        pathway_services.placement_transition(
            placement=access.placement, by=request.user, **form.transition()
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        status = Placement.Status(form.cleaned_data["to"]).label
        messages.success(
            request, _("The placement is now: %(status)s.") % {"status": str(status).lower()}
        )
    return redirect("pathways:placement", code=code)


@login_required
def tutor_placements(request: SignedInRequest) -> HttpResponse:
    role = current_role(request)
    if role not in (Role.COMPANY_TUTOR, Role.CASE_WORKER):
        raise Http404
    organisation_id = member_acting(request).organisation_id
    placements = attendance.tutored_placements(request.user, role, organisation_id)
    return render(
        request,
        "pathways/placements/tutor_list.html",
        {"placements": placements, "today": date.today()},
    )


# Attendance -----------------------------------------------------------------------------------


@login_required
def attendance_month(request: SignedInRequest, code: str, year: int, month: int) -> HttpResponse:
    access = get_placement_for_user(request, code, for_change=request.method == "POST")
    placement = access.placement
    grid = attendance.month_grid(placement, year, month)
    open_register = placement.status in (Placement.Status.ACTIVE, Placement.Status.ENDED)
    editable = access.can_change and open_register
    form = AttendanceMonthForm(request.POST or None, grid=grid, read_only=not editable)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = pathway_services.attendance_record(
                placement=placement,
                by=request.user,
                days=form.changes(),
                month=grid.first,
                read_revision=form.cleaned_data["revision"],
            )
        except EditConflict as error:
            conflict = error
            add_service_errors(form, error)
            keep_current_revision(form, error.revision)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The attendance of the month has been saved (%(days)s days changed).")
                % {"days": saved},
            )
            return redirect("pathways:attendance_month", code=code, year=year, month=month)
    return render(
        request,
        "pathways/placements/attendance_month.html",
        {
            "placement": placement,
            "grid": grid,
            "form": form,
            "editable": editable,
            "open_register": open_register,
            "conflict": conflict,
        },
    )


@login_required
def attendance_pdf(request: SignedInRequest, code: str, year: int, month: int) -> HttpResponse:
    placement = get_placement_for_user(request, code).placement
    grid = attendance.month_grid(placement, year, month)
    # The register names the person: a read of identity (docs/privacy.md, "Audit trail").
    accessed.send(sender=Person, instance=placement.person)
    pdf = attendance.register_pdf(
        request,
        {
            "district": current_district(request),
            "placement": placement,
            "person": placement.person,
            "case_worker": placement.person.case_manager,
            "grid": grid,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"registro-presenze-{placement.code}-{year:04d}-{month:02d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Tutor evaluations and follow-ups -------------------------------------------------------------


@login_required
def evaluation_create(request: SignedInRequest, code: str) -> HttpResponse:
    placement = get_placement_for_user(request, code, for_change=True).placement
    instrument = get_object_or_404(Instrument, is_default=True)
    form = EvaluationForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        setting = (
            Assessment.Setting.COMPANY
            if placement.host.kind == Organisation.Kind.COMPANY
            else Assessment.Setting.COOPERATIVE
        )
        try:
            pathway_services.assessment_record(
                person=placement.person,
                by=request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                setting=setting,
                scores=form.scores(),
                instrument=instrument,
                kind=form.cleaned_data["kind"],
                placement=placement,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation has been saved."))
            return redirect("pathways:placement", code=code)
    return render(
        request, "pathways/placements/evaluation_form.html", {"form": form, "placement": placement}
    )


@login_required
def follow_up_record(request: SignedInRequest, code: str, months: int) -> HttpResponse:
    access = get_placement_for_user(request, code, for_change=True)
    if not _is_care_team(access):
        raise PermissionDenied
    follow_up = get_object_or_404(access.placement.follow_ups, months=months)
    form = FollowUpForm.for_follow_up(request.POST or None, follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            pathway_services.follow_up_record(
                follow_up=follow_up, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("pathways:placement", code=code)
    context: dict[str, Any] = {
        "form": form,
        "placement": access.placement,
        "follow_up": follow_up,
    }
    return render(request, "pathways/placements/follow_up_form.html", context)
