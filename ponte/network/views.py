from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ponte.core.cache import cache_public_page, cached_fragment
from ponte.network import selectors, services
from ponte.network.access import (
    SignedInRequest,
    acts_for,
    can_edit_profile,
    get_membership_for_coordinator,
    get_organisation_for_user,
    is_coordinator,
    role_required,
)
from ponte.network.forms import (
    AuditFilterForm,
    DirectoryFilterForm,
    MembershipForm,
    OrganisationForm,
    OrganisationProfileForm,
    UserInviteForm,
)
from ponte.network.middleware import SESSION_KEY
from ponte.network.models import Notification, Organisation, Role
from ponte.network.notifications import (
    TARGET_SESSION_KEY,
    mark_read,
    open_notification,
    unread_of,
)
from ponte.network.panels import (
    dashboard_panels,
    organisation_page_version,
    organisation_panel_templates,
)

MANAGE_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 50


def public_fragment(
    request: HttpRequest, template_name: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """A part of a public page that is the same for every visitor, signed in or not: rendered
    once per address, language and version of the public data (see core.cache)."""
    return cached_fragment(
        request, template_name, context, version=selectors.public_version(request)
    )


@cache_public_page(selectors.public_version)
def home(request: HttpRequest) -> HttpResponse:
    content = public_fragment(request, "network/home_content.html", selectors.home_facts)
    return render(request, "network/home.html", {"content": content})


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    """The signed-in user's starting page: who they act for, what is new and what they can do
    from here."""
    unread = unread_of(request.user).count()
    return render(
        request,
        "network/dashboard.html",
        {"unread": unread, "panels": dashboard_panels(request)},
    )


@cache_public_page(selectors.public_version)
def directory(request: HttpRequest) -> HttpResponse:
    def results_context() -> dict[str, object]:
        form = DirectoryFilterForm(request.GET or None)
        filters = form.filters() if request.GET else {}
        organisations = selectors.directory_organisations(**filters)
        page = Paginator(organisations, selectors.DIRECTORY_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        map_filters = {key: value for key, value in filters.items() if key != "municipality"}
        points = selectors.map_points(selectors.directory_organisations(**map_filters))
        query_without_page = request.GET.copy()
        query_without_page.pop("page", None)
        return {
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "points": points,
            "valley_labels": selectors.valley_labels(points),
            "query_without_page": query_without_page.urlencode(),
        }

    results = public_fragment(request, "network/directory_results.html", results_context)
    return render(request, "network/directory.html", {"results": results})


@cache_public_page(organisation_page_version)
def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, code)
    memberships = None
    if is_coordinator(request):
        memberships = organisation.memberships.select_related("user").order_by(
            "-is_active", "user__last_name"
        )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "can_edit": can_edit_profile(request, organisation),
            "can_manage": is_coordinator(request),
            "extra_panels": organisation_panel_templates(),
        },
    )


@login_required
def organisation_edit(request: SignedInRequest, code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, code, for_change=True)
    form_class = OrganisationForm if is_coordinator(request) else OrganisationProfileForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_save(
            organisation=form.instance, sectors=list(form.cleaned_data["sectors"])
        )
        messages.success(request, _("The changes have been saved."))
        return redirect("network:organisation", code=organisation.code)
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )


@role_required(Role.COORDINATOR)
def organisation_create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_save(
            organisation=form.instance, sectors=list(form.cleaned_data["sectors"])
        )
        messages.success(request, _("The organisation has been created."))
        return redirect("network:organisation", code=organisation.code)
    return render(request, "network/organisation_form.html", {"form": form, "organisation": None})


@require_POST
@role_required(Role.COORDINATOR)
def organisation_set_active(request: SignedInRequest, code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, code, for_change=True)
    active = request.POST.get("active") == "1"
    if not active and acts_for(request, organisation):
        # The coordinator would lose their own role and, with it, access to these pages.
        messages.error(request, _("You cannot deactivate the organisation you are acting for."))
        return redirect("network:organisation", code=organisation.code)
    services.organisation_set_active(organisation=organisation, active=active)
    if active:
        messages.success(request, _("The organisation is active again."))
    else:
        messages.success(
            request,
            _("The organisation has been deactivated: it no longer appears in the directory."),
        )
    return redirect("network:organisation", code=organisation.code)


@role_required(Role.COORDINATOR)
def manage(request: SignedInRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.select_related("municipality")
        .annotate(n_members=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("-is_active", "name")
    )
    page = Paginator(organisations, MANAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/manage.html", {"page": page})


@role_required(Role.COORDINATOR)
def users(request: SignedInRequest) -> HttpResponse:
    page = Paginator(selectors.users_with_memberships(), MANAGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "network/users.html", {"page": page})


@role_required(Role.COORDINATOR)
def user_invite(request: SignedInRequest) -> HttpResponse:
    form = UserInviteForm(request.POST or None, initial={"organisation": request.GET.get("org")})
    if request.method == "POST" and form.is_valid():
        user = services.user_invite(request=request, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s has been added; they will receive an email to choose a password.")
            % {"name": user},
        )
        return redirect("network:users")
    return render(request, "network/user_invite.html", {"form": form})


@role_required(Role.COORDINATOR)
def membership_add(request: SignedInRequest, code: str) -> HttpResponse:
    organisation = get_organisation_for_user(request, code, for_change=True)
    form = MembershipForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.membership_add(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The role has been added."))
        return redirect("network:organisation", code=organisation.code)
    return render(
        request, "network/membership_form.html", {"form": form, "organisation": organisation}
    )


@require_POST
@role_required(Role.COORDINATOR)
def membership_set_active(request: SignedInRequest, code: str) -> HttpResponse:
    membership = get_membership_for_coordinator(request, code)
    active = request.POST.get("active") == "1"
    if not active and membership == request.membership:
        messages.error(request, _("You cannot deactivate the role you are acting in."))
        return redirect("network:organisation", code=membership.organisation.code)
    services.membership_set_active(membership=membership, active=active)
    messages.success(request, _("The role has been updated."))
    return redirect("network:organisation", code=membership.organisation.code)


@require_POST
@login_required
def switch_organisation(request: SignedInRequest) -> HttpResponse:
    chosen = request.POST.get("membership", "")
    membership = next((m for m in request.memberships if m.code == chosen), None)
    if membership is None:
        messages.error(request, _("You have no role in that organisation."))
    else:
        request.session[SESSION_KEY] = membership.code
        messages.success(
            request,
            _("You are now acting for %(organisation)s as %(role)s.")
            % {"organisation": membership.organisation, "role": membership.get_role_display()},
        )
    next_url = request.POST.get("next", "")
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        next_url = reverse("network:dashboard")
    return HttpResponseRedirect(next_url)


AUDIT_ROLES = (Role.COORDINATOR, Role.DPO)


@require_safe
@role_required(*AUDIT_ROLES)
def audit_trail(request: SignedInRequest) -> HttpResponse:
    """The change and access log, for the coordinator and the data-protection officer: who did
    what to which record and when. Nobody can edit or delete it through Ponte; identity values
    are masked in it."""
    form = AuditFilterForm(request.GET)
    entries = selectors.audit_entries(**form.filters())
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "network/audit_trail.html",
        {"form": form, "page": page, "query_without_page": query_without_page.urlencode()},
    )


@require_safe
@role_required(*AUDIT_ROLES)
def audit_export(request: SignedInRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV, written row by row as it is read from the database. The export
    is itself recorded in the trail (who, when, which filters, how many entries)."""
    filters = AuditFilterForm(request.GET).filters()
    entries = selectors.audit_entries(**filters)
    record = services.audit_export_record(by=request.user, filters=filters, rows=entries.count())
    response = StreamingHttpResponse(
        selectors.audit_csv(entries.exclude(pk=record.pk)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="registro-{stamp}.csv"'
    return response


@login_required
def notifications(request: SignedInRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    user = request.user
    page = Paginator(
        Notification.objects.filter(recipient=user).order_by("-created_at", "-id"), 30
    ).get_page(request.GET.get("page"))
    response = render(request, "network/notifications.html", {"page": page})
    mark_read(user=user)
    return response


@login_required
def notification_open(request: SignedInRequest) -> HttpResponse:
    """A notification's link (from the list or the e-mail): marks it read and leads to what it
    names; if that answers 404 or 403, NotificationTargetMiddleware says it is gone."""
    notification = open_notification(user=request.user, url=request.GET.get("url", ""))
    if notification is None:
        return notification_gone(request)
    request.session[TARGET_SESSION_KEY] = notification.url.split("#", 1)[0]
    return HttpResponseRedirect(notification.url)


def notification_gone(request: HttpRequest) -> HttpResponse:
    """What a notification pointed to is no longer there for this user. The page does not say
    whether it was removed, closed or is no longer theirs to see: they may not know which."""
    return render(request, "network/notification_gone.html", status=404)
