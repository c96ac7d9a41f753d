"""Who may see and change sub-projects. A sub-project is district information, not personal data
(its pages name organisations, never people), so:

- any signed-in member of the district, in any role, reads every sub-project: its budget, its
  indicators (aggregates only) and its linked services and openings; anonymous visitors are sent
  to sign in, and users with no active membership get 403 (views' role_required);
- the coordinator creates and changes every sub-project; a member contact or a case worker of
  the lead organisation (capofila) changes that sub-project — its data, budget lines, movements,
  indicators and their values — and creates sub-projects led by their own organisation;
- anyone else who may read gets 403 on a change; a code that does not exist gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ponte.network.access import acting_organisation_id, current_role, is_coordinator
from ponte.network.models import MEMBER_ROLES, Role
from ponte.projects.models import BudgetLine, Indicator, Movement, SubProject

# Every role of the district reads sub-projects.
READERS = MEMBER_ROLES
# The roles of the lead organisation that change its sub-projects.
LEAD_EDITORS = (Role.MEMBER_CONTACT, Role.CASE_WORKER)


def can_create(request: HttpRequest) -> bool:
    return is_coordinator(request) or current_role(request) in LEAD_EDITORS


def can_change(request: HttpRequest, subproject: SubProject) -> bool:
    if is_coordinator(request):
        return True
    return (
        current_role(request) in LEAD_EDITORS
        and acting_organisation_id(request) == subproject.lead_id
    )


def get_subproject_for_user(
    request: HttpRequest, code: str, *, for_change: bool = False
) -> SubProject:
    if acting_organisation_id(request) is None:
        raise Http404
    subproject = SubProject.objects.select_related("lead").filter(code=code).first()
    if subproject is None:
        raise Http404
    if for_change and not can_change(request, subproject):
        raise PermissionDenied
    return subproject


def get_budget_line_for_change(
    request: HttpRequest, subproject: SubProject, code: str
) -> BudgetLine:
    """A line of a sub-project the user may change (get_subproject_for_user(for_change=True))."""
    line = subproject.budget_lines.filter(code=code).first()
    if line is None:
        raise Http404
    line.subproject = subproject
    return line


def get_indicator_for_change(request: HttpRequest, subproject: SubProject, code: str) -> Indicator:
    indicator = subproject.indicators.filter(code=code).first()
    if indicator is None:
        raise Http404
    indicator.subproject = subproject
    return indicator


def get_movement_for_change(request: HttpRequest, subproject: SubProject, code: str) -> Movement:
    movement = (
        Movement.objects.filter(budget_line__subproject=subproject, code=code)
        .select_related("budget_line")
        .first()
    )
    if movement is None:
        raise Http404
    movement.budget_line.subproject = subproject
    return movement
