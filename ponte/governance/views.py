"""Pages of the tables under /tavoli/: every read and change goes through access.py (404 for
who is not a member of the table) and services.py (validated, atomic)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.concurrency import EditConflict, keep_current_revision
from ponte.core.forms import add_service_errors
from ponte.governance import access, calendar, selectors, services
from ponte.governance.forms import (
    ActionForm,
    AgendaItemForm,
    CaseForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    TableForm,
)
from ponte.governance.models import AgendaItem, Attendance, CalendarToken, Meeting, TableMembership
from ponte.network.access import SignedInRequest, is_coordinator, not_as_dpo
from ponte.network.models import User
from ponte.network.selectors import current_district
from ponte.pathways import selectors as pathway_selectors
from ponte.pathways.models import Person
from ponte.projects.models import SubProject


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Tables ------------------------------------------------------------------------------------


@login_required
@not_as_dpo
def tables(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "governance/tables.html",
        {
            "tables": list(selectors.tables_list(access.tables_for(request))),
            "can_create": is_coordinator(request),
        },
    )


@login_required
def table_create(request: SignedInRequest) -> HttpResponse:
    if not is_coordinator(request):
        raise PermissionDenied
    form = TableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.table_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Table created."))
            return redirect("governance:table", table.code)
    return render(request, "governance/table_form.html", {"form": form})


@login_required
def table_detail(request: SignedInRequest, code: str) -> HttpResponse:
    table = access.get_table_for_user(request, code)
    manages = is_coordinator(request)
    return render(
        request,
        "governance/table_detail.html",
        {
            "table": table,
            "members": selectors.members_of(table),
            "meetings": selectors.meetings_of(table),
            "manages": manages,
            "member_form": MemberForm() if manages else None,
            "meeting_form": MeetingForm(),
        },
    )


@login_required
@require_POST
def member_add(request: SignedInRequest, code: str) -> HttpResponse:
    table = access.get_table_for_user(request, code, for_change=True)
    form = MemberForm(request.POST)
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            services.table_member_add(
                table=table, user=membership.user, organisation=membership.organisation
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Member added."))
    else:
        messages.error(request, _("Choose a member."))
    return redirect("governance:table", table.code)


@login_required
@require_POST
def member_remove(request: SignedInRequest, code: str, pk: int) -> HttpResponse:
    table = access.get_table_for_user(request, code, for_change=True)
    membership = get_object_or_404(TableMembership, table=table, pk=pk)
    services.table_member_remove(membership=membership)
    messages.success(request, _("Member removed."))
    return redirect("governance:table", table.code)


@login_required
def meeting_create(request: SignedInRequest, code: str) -> HttpResponse:
    table = access.get_table_for_user(request, code)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(table=table, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect("governance:meeting", meeting.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/meeting_form.html", {"table": table, "form": form}, status=status
    )


# Meetings ----------------------------------------------------------------------------------


@login_required
def meeting_edit(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting rescheduled."))
            return redirect("governance:meeting", meeting.code)
    if request.method == "POST":
        meeting.refresh_from_db()
    status = 400 if request.method == "POST" else 200
    context = {"table": meeting.table, "form": form, "meeting": meeting}
    return render(request, "governance/meeting_form.html", context, status=status)


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    context = selectors.meeting_page(meeting)
    context.update(
        {
            "meeting": meeting,
            "table": meeting.table,
            "is_technical": meeting.table.kind == "technical",
            "attendance_choices": Attendance.Status.choices,
            "agenda_form": forms.get("agenda_form") or AgendaItemForm(),
            "case_form": CaseForm(),
            "minutes_form": forms.get("minutes_form")
            or MinutesForm(initial={"minutes": meeting.minutes, "revision": meeting.revision}),
            "decision_form": forms.get("decision_form") or DecisionForm(meeting=meeting),
            "action_form": forms.get("action_form") or ActionForm(meeting=meeting),
        }
    )
    return context


@login_required
def meeting_detail(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    return render(request, "governance/meeting_detail.html", _meeting_context(request, meeting))


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("governance:meeting", meeting.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def meeting_held(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    try:
        services.meeting_mark_held(meeting=meeting)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The meeting is marked as held."))
    return _back(meeting)


def _add_to_meeting(
    request: HttpRequest,
    meeting: Meeting,
    form: BaseForm,
    save: Callable[..., object],
    *,
    form_name: str,
    done: str,
    anchor: str,
) -> HttpResponse:
    """The three forms of the meeting page (agenda item, decision, action) post here alike: one
    service call, then back to the part of the page the form belongs to; on an error the page
    again, with that form and its messages."""
    if form.is_valid():
        try:
            save(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _back(meeting, anchor)
    context = _meeting_context(request, meeting, **{form_name: form})
    return render(request, "governance/meeting_detail.html", context, status=400)


@login_required
@require_POST
def agenda_add(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    return _add_to_meeting(
        request,
        meeting,
        AgendaItemForm(request.POST),
        services.agenda_item_add,
        form_name="agenda_form",
        done=_("Item added to the agenda."),
        anchor="agenda-title",
    )


@login_required
@require_POST
def case_add(request: SignedInRequest, code: str, item: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    agenda_item = get_object_or_404(AgendaItem, meeting=meeting, pk=item)
    form = CaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the pseudonymous code of the person."))
        return _back(meeting, "agenda-title")
    person = Person.objects.filter(code=form.cleaned_data["person_code"].strip().upper()).first()
    if person is None or not access.can_add_case(request, meeting.table, person):
        # The same answer whether the person does not exist or is not in the user's care.
        messages.error(
            request,
            _("You can put on the agenda only people of your care team."),
        )
        return _back(meeting, "agenda-title")
    try:
        services.agenda_case_add(item=agenda_item, person=person, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Case put on the agenda."))
    return _back(meeting, "agenda-title")


@login_required
def case_detail(request: SignedInRequest, code: str, person_code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    if meeting.table.kind != "technical":
        raise Http404
    person = selectors.case_on_table(meeting, person_code)
    if person is None:
        raise Http404
    context = pathway_selectors.functional_profile(person)
    context.update({"meeting": meeting, "table": meeting.table})
    return render(request, "governance/case_detail.html", context)


@login_required
@require_POST
def attendance_save(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    statuses: dict[int, str] = {}
    for key, value in request.POST.items():
        if key.startswith("attendance-") and value:
            try:
                statuses[int(key.removeprefix("attendance-"))] = str(value)
            except ValueError:
                continue
    try:
        services.attendance_record(meeting=meeting, statuses=statuses)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Attendance saved."))
    return _back(meeting, "attendance-title")


@login_required
@require_POST
def minutes_save(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting,
                text=form.cleaned_data["minutes"],
                read_revision=form.cleaned_data["revision"],
            )
        except EditConflict as error:
            add_service_errors(form, error)
            keep_current_revision(form, error.revision)
            meeting.refresh_from_db()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Minutes saved as a draft."))
            return _back(meeting, "minutes-title")
    context = _meeting_context(request, meeting, minutes_form=form)
    return render(request, "governance/meeting_detail.html", context, status=400)


@login_required
@require_POST
def minutes_approve(request: SignedInRequest, code: str, draft: str) -> HttpResponse:
    """At meeting `code`, approve the draft minutes of the earlier meeting `draft`."""
    meeting = access.get_meeting_for_user(request, code)
    earlier = access.get_meeting_for_user(request, draft)
    try:
        services.minutes_approve(meeting=earlier, at=meeting)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Minutes approved."))
    return _back(meeting, "minutes-title")


@login_required
@require_POST
def decision_add(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    return _add_to_meeting(
        request,
        meeting,
        DecisionForm(request.POST, meeting=meeting),
        services.decision_add,
        form_name="decision_form",
        done=_("Decision recorded."),
        anchor="decisions-title",
    )


@login_required
@require_POST
def action_add(request: SignedInRequest, code: str) -> HttpResponse:
    meeting = access.get_meeting_for_user(request, code)
    return _add_to_meeting(
        request,
        meeting,
        ActionForm(request.POST, meeting=meeting),
        services.action_add,
        form_name="action_form",
        done=_("Action recorded."),
        anchor="actions-title",
    )


@login_required
@require_POST
def action_status(request: SignedInRequest, code: str) -> HttpResponse:
    action = access.get_action_for_user(request, code)
    try:
        services.action_set_status(action=action, status=request.POST.get("status", ""))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Action updated."))
    if request.POST.get("next") == "mine":
        return redirect("governance:my_actions")
    return _back(action.meeting, "actions-title")


@login_required
def minutes_pdf(request: SignedInRequest, code: str) -> HttpResponse:
    import weasyprint  # loading pango takes a moment that other pages need not pay

    meeting = access.get_meeting_for_user(request, code)
    context = selectors.meeting_page(meeting)
    context.update(
        {"meeting": meeting, "table": meeting.table, "district": current_district(request)}
    )
    html = render_to_string("governance/minutes_pdf.html", context, request=request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"verbale-{meeting.code}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Register, actions, calendar --------------------------------------------------------------


@login_required
@not_as_dpo
def decisions(request: SignedInRequest) -> HttpResponse:
    tables = access.tables_for(request)
    query = request.GET.get("q", "").strip()
    table_code = request.GET.get("tavolo", "")
    sub_project_code = request.GET.get("sottoprogetto", "")
    found = selectors.decisions_register(
        tables, query=query, table_code=table_code, sub_project_code=sub_project_code
    )
    page = Paginator(found, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "governance/decisions.html",
        {
            "page": page,
            "query": query,
            "table_code": table_code,
            "sub_project_code": sub_project_code,
            "tables": list(tables.order_by("name")),
            "sub_projects": list(SubProject.objects.order_by("title").only("code", "title")),
        },
    )


@login_required
@not_as_dpo
def my_actions(request: SignedInRequest) -> HttpResponse:
    user: User = request.user
    actions = list(selectors.actions_of(user).order_by("status", "due_on", "id"))
    today = timezone.localdate()
    rows = [(action, selectors.is_overdue(action, today)) for action in actions]
    return render(request, "governance/my_actions.html", {"rows": rows})


@login_required
@not_as_dpo
def calendar_page(request: SignedInRequest) -> HttpResponse:
    user: User = request.user
    if request.method == "POST":
        services.calendar_token_renew(user=user)
        messages.success(request, _("New calendar address: the old one no longer works."))
        return redirect("governance:calendar")
    token = services.calendar_token_of(user)
    url = request.build_absolute_uri(reverse("governance:calendar_feed", args=[token.token]))
    return render(request, "governance/calendar.html", {"feed_url": url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the secret address is the key, as calendar applications cannot sign in."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    body = calendar.feed(request, selectors.calendar_of(found.user))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
