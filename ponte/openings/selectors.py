"""Reads of the openings (opportunità): the public list, the version that keys its cache, the
openings a user manages."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest

from ponte.core.cache import data_version
from ponte.network.access import acting_organisation_id, current_role
from ponte.network.models import Organisation, Role, User
from ponte.openings.models import Opening

OPENINGS_PAGE_SIZE = 25
MANAGE_PAGE_SIZE = 50


def openings_version(request: HttpRequest | None = None) -> str:
    """Changes whenever an opening, or an organisation whose name the list shows, changes (see
    core.cache): one query, computed once per request."""
    openings = Opening._meta.db_table
    return data_version(
        request,
        "openings",
        f"SELECT MAX(updated_at) FROM {openings}",  # noqa: S608 - the models' own tables
        f"SELECT COUNT(*) FROM {openings}",  # noqa: S608
        f"SELECT MAX(updated_at) FROM {Organisation._meta.db_table}",  # noqa: S608
    )


def open_openings(
    *, query: str = "", kind: str = "", valley: str = "", municipality: str = ""
) -> QuerySet[Opening]:
    """The open openings matching the public list's filters: `query` in the title, tasks or
    skills; `valley` a valley's code; `municipality` an ISTAT code. A deactivated host's openings
    are not listed (nobody could take them up)."""
    openings = Opening.objects.filter(status=Opening.Status.OPEN, host__is_active=True)
    if query:
        openings = openings.filter(
            Q(title__icontains=query) | Q(tasks__icontains=query) | Q(skills__icontains=query)
        )
    if kind:
        openings = openings.filter(kind=kind)
    if valley:
        openings = openings.filter(municipality__valley__code=valley)
    if municipality:
        openings = openings.filter(municipality__istat_code=municipality)
    return openings.select_related("host", "municipality__valley", "min_level").order_by(
        "starts_on", "title", "pk"
    )


def openings_managed_by(request: HttpRequest) -> QuerySet[Opening]:
    """Every opening the signed-in user may edit in their current role, whatever its status (the
    same rule as access.can_manage_opening): a company tutor those of their organisation; a case
    worker those of their organisation and those they created."""
    organisation_id = acting_organisation_id(request)
    role = current_role(request)
    if organisation_id is None or role not in (Role.COMPANY_TUTOR, Role.CASE_WORKER):
        return Opening.objects.none()
    managed = Q(host_id=organisation_id)
    if role == Role.CASE_WORKER:
        managed |= Q(created_by_id=request.user.pk)
    # Drafts first (they wait for the user), then open, then closed.
    status_order = Case(
        *(When(status=status, then=Value(n)) for n, status in enumerate(Opening.Status)),
        output_field=IntegerField(),
    )
    return (
        Opening.objects.filter(managed)
        .select_related("host", "municipality", "min_level")
        .order_by(status_order, "-starts_on", "title", "pk")
    )


def openings_visible_to(request: HttpRequest) -> QuerySet[Opening]:
    """Every opening a signed-in user may see in a list or a choice (a sub-project's links, a
    sub-project's page): the open and closed ones, and the drafts of the organisation they act
    for, or, acting as a case worker, that they wrote themselves (case workers scout openings in
    companies). A draft is the host's work in progress: no other organisation learns that it
    exists (the rule of access.get_opening_for_user)."""
    drafts = Q(host_id=acting_organisation_id(request))
    if current_role(request) == Role.CASE_WORKER:
        drafts |= Q(created_by_id=request.user.pk)
    return Opening.objects.filter(~Q(status=Opening.Status.DRAFT) | drafts)


def opening_tutors(opening: Opening) -> list[User]:
    """Who answers for an opening: its tutor, or else every company tutor of the host."""
    if opening.tutor_id is not None:
        return [opening.tutor]  # type: ignore[list-item]
    return list(
        User.objects.filter(
            memberships__organisation_id=opening.host_id,
            memberships__role=Role.COMPANY_TUTOR,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )
