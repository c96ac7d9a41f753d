"""Who may see and change an opening (docs/privacy.md): an open opening is public, as it holds no
personal data; views reach openings only through these functions (404 for what a user may not
know exists, 403 for what they may see but not change)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ponte.network.access import acting_organisation_id, current_role
from ponte.network.models import Role
from ponte.openings.models import Opening


def can_manage_opening(request: HttpRequest, opening: Opening | None) -> bool:
    """The host's company tutors and case workers publish and edit openings: a tutor those of
    their organisation; a case worker those of their organisation and those they created (case
    workers scout openings in companies). None: whether the user may create one at all."""
    role = current_role(request)
    organisation_id = acting_organisation_id(request)
    if role == Role.COMPANY_TUTOR:
        return opening is None or opening.host_id == organisation_id
    if role == Role.CASE_WORKER:
        return (
            opening is None
            or opening.host_id == organisation_id
            or opening.created_by_id == request.user.pk
        )
    return False


def get_opening_for_user(request: HttpRequest, code: str, *, for_change: bool = False) -> Opening:
    """An open opening is public (it holds no personal data); a draft is known only to those who
    may edit it; a closed one also to case workers, whose proposals may point to it."""
    opening = (
        Opening.objects.select_related("host", "municipality__valley", "min_level", "tutor")
        .filter(code=code)
        .first()
    )
    if opening is None:
        raise Http404
    manages = can_manage_opening(request, opening)
    visible = (
        manages
        or opening.status == Opening.Status.OPEN
        or (opening.status == Opening.Status.CLOSED and current_role(request) == Role.CASE_WORKER)
    )
    if not visible:
        raise Http404
    if for_change and not manages:
        raise PermissionDenied
    return opening
