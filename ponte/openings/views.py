"""Openings (opportunità) under /opportunita/: the public list of open openings, the openings a
user manages, creating, editing, publishing and closing one. Every opening is reached through
access.py; every write is one call to services.py. An opening holds no personal data,
except its tutor, whom only those who manage it see."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ponte.core.cache import cache_public_page
from ponte.core.forms import add_service_errors
from ponte.core.models import Weekday
from ponte.network.access import SignedInRequest, current_role, member_acting, role_required
from ponte.network.models import Role
from ponte.openings import selectors as opening_selectors
from ponte.openings import services as opening_services
from ponte.openings.access import can_manage_opening, get_opening_for_user
from ponte.openings.forms import OpeningFilterForm, OpeningForm, OpeningTransitionForm
from ponte.openings.models import Opening

MANAGERS = (Role.COMPANY_TUTOR, Role.CASE_WORKER)

# Templates included at the end of an opening's page, in order, with the page's context. Later
# apps (matching) append theirs in their AppConfig.ready(), so that this app imports none of them.
EXTRA_PANELS: list[str] = []


def _transition_message(opening: Opening) -> str:
    if opening.status == Opening.Status.OPEN:
        return _("The opening is open: it appears in the public list.")
    return _("The opening is closed: it no longer appears in the public list.")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@cache_public_page(opening_selectors.openings_version)
def openings(request: HttpRequest) -> HttpResponse:
    form = OpeningFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(
        opening_selectors.open_openings(**filters), opening_selectors.OPENINGS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "openings/list.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            "page": page,
            "query_without_page": _query_without_page(request),
            "can_manage": current_role(request) in MANAGERS,
        },
    )


@role_required(*MANAGERS)
def manage(request: SignedInRequest) -> HttpResponse:
    page = Paginator(
        opening_selectors.openings_managed_by(request), opening_selectors.MANAGE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "openings/manage.html",
        {"page": page, "query_without_page": _query_without_page(request)},
    )


def _opening_form(request: SignedInRequest, opening: Opening) -> HttpResponse:
    """The form of a new opening (not saved yet, its host set) or of an existing one."""
    is_new = opening._state.adding
    # The title before this request's changes, for the breadcrumb and the heading.
    saved_title = opening.title
    form = OpeningForm(
        request.POST or None,
        instance=opening,
        choose_host=current_role(request) == Role.CASE_WORKER,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = opening_services.opening_save(opening=form.instance, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The opening has been saved."))
            return redirect("openings:detail", code=saved.code)
    return render(
        request,
        "openings/form.html",
        {"form": form, "opening": None if is_new else opening, "saved_title": saved_title},
    )


@role_required(*MANAGERS)
def opening_create(request: SignedInRequest) -> HttpResponse:
    if not can_manage_opening(request, None):
        raise PermissionDenied
    return _opening_form(request, Opening(host=member_acting(request).organisation))


@login_required
def opening_edit(request: SignedInRequest, code: str) -> HttpResponse:
    return _opening_form(request, get_opening_for_user(request, code, for_change=True))


@cache_public_page(opening_selectors.openings_version)
def opening_detail(request: HttpRequest, code: str) -> HttpResponse:
    opening = get_opening_for_user(request, code)
    can_manage = can_manage_opening(request, opening)
    return render(
        request,
        "openings/detail.html",
        {
            "opening": opening,
            "days": [Weekday(day).label for day in opening.days if day in Weekday.values],
            "skills": [skill.strip() for skill in opening.skills.split(",") if skill.strip()],
            "can_manage": can_manage,
            "transitions": opening_services.allowed_transitions(opening) if can_manage else [],
            "extra_panels": list(EXTRA_PANELS),
        },
    )


@require_POST
@login_required
def opening_transition(request: SignedInRequest, code: str) -> HttpResponse:
    opening = get_opening_for_user(request, code, for_change=True)
    form = OpeningTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the status the opening should move to."))
        return redirect("openings:detail", code=code)
    try:
        opening_services.opening_transition(
            opening=opening, to=form.cleaned_data["to"], by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _transition_message(opening))
    return redirect("openings:detail", code=code)
