"""The rights of a person (GDPR art. 15, 17, 20): the requests, the export (JSON and PDF) and the
erasure by anonymisation. Who may do what: ponte.pathways.rights.access."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ponte.core.forms import add_service_errors
from ponte.network.access import SignedInRequest, role_required
from ponte.network.models import Role
from ponte.pathways.models import Person, PrivacyRequest
from ponte.pathways.rights import export, services
from ponte.pathways.rights.access import get_person_for_rights
from ponte.pathways.rights.forms import ErasureForm, PrivacyRequestForm

REQUESTS_PAGE_SIZE = 50


@role_required(Role.COORDINATOR)
def requests_list(request: SignedInRequest) -> HttpResponse:
    """The coordinator's list of the requests of the district: open ones first, oldest first."""
    requests = PrivacyRequest.objects.select_related("person", "recorded_by").order_by(
        F("answered_on").desc(nulls_first=True), "received_on", "id"
    )
    page = Paginator(requests, REQUESTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pathways/rights/requests.html", {"page": page})


@role_required(Role.COORDINATOR, Role.CASE_WORKER)
def person_rights(request: SignedInRequest, code: str) -> HttpResponse:
    access = get_person_for_rights(request, code)
    person = access.person
    form = PrivacyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.privacy_request_record(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The request has been recorded."))
            return redirect("pathways:rights", code=person.code)
    requests = person.privacy_requests.select_related("recorded_by", "answered_by")
    return render(
        request,
        "pathways/rights/person.html",
        {
            "person": person,
            "access": access,
            "form": form,
            "requests": requests,
            "pending_erasure": services.pending_erasure_request(person),
        },
    )


def _export_response(
    person: Person, content: bytes | str, content_type: str, ext: str
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dati-{person.code}.{ext}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.COORDINATOR, Role.CASE_WORKER)
def export_json(request: SignedInRequest, code: str) -> HttpResponse:
    person = get_person_for_rights(request, code, to_export=True).person
    services.person_export_record(person=person, by=request.user)
    content = export.person_export_json(person)
    return _export_response(person, content, "application/json; charset=utf-8", "json")


@role_required(Role.COORDINATOR, Role.CASE_WORKER)
def export_pdf(request: SignedInRequest, code: str) -> HttpResponse:
    person = get_person_for_rights(request, code, to_export=True).person
    services.person_export_record(person=person, by=request.user)
    content = export.person_export_pdf(request, person)
    return _export_response(person, content, "application/pdf", "pdf")


@role_required(Role.COORDINATOR, Role.CASE_WORKER)
def person_erase(request: SignedInRequest, code: str) -> HttpResponse:
    access = get_person_for_rights(request, code, to_erase=True)
    person = access.person
    pending = services.pending_erasure_request(person)
    if person.anonymised_on is not None:
        messages.info(request, _("The person's data have been erased already."))
        return redirect("pathways:rights", code=person.code)
    if pending is None:
        messages.error(
            request,
            _("Record the person's request of erasure first: erasure needs one."),
        )
        return redirect("pathways:rights", code=person.code)
    form = ErasureForm(request.POST or None, person_code=person.code)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_erase(privacy_request=pending, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The person's data have been erased: only the code remains.")
            )
            return redirect("pathways:rights", code=person.code)
    return render(
        request,
        "pathways/rights/erase.html",
        {"person": person, "access": access, "form": form, "pending": pending},
    )
