"""Who may see and change what of the tables (docs/privacy.md, "Roles"). Tables, meetings,
minutes, decisions and actions are for the members of the table and the coordinator: everyone
else gets 404, as for something they may not know exists. Any member of the table writes the
agenda, attendance, minutes, decisions and actions (the secretary is whichever member takes the
minutes); the coordinator manages tables and their members. Cases are known to the table by code
only."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from ponte.governance.models import ActionItem, Meeting, Table, TableMembership
from ponte.network.access import is_coordinator
from ponte.network.models import User
from ponte.network.selectors import organisations_where
from ponte.pathways.access import is_in_care_team
from ponte.pathways.models import Person


def seats_of(user: User) -> QuerySet[TableMembership]:
    """The user's seats that hold: a seat represents an organisation, and lasts only while the
    user holds an active membership there (docs/privacy.md, "Access follows active roles")."""
    return TableMembership.objects.filter(
        user_id=user.pk, organisation_id__in=organisations_where(user)
    )


def tables_for(request: HttpRequest) -> QuerySet[Table]:
    """The tables the user may see: all of them for the coordinator, otherwise their own."""
    if not request.user.is_authenticated:
        return Table.objects.none()
    if is_coordinator(request):
        return Table.objects.all()
    return Table.objects.filter(pk__in=seats_of(request.user).values("table_id"))


def is_table_member(user: User, table: Table) -> bool:
    return seats_of(user).filter(table=table).exists()


def sits_at_a_technical_table(user: User) -> bool:
    return seats_of(user).filter(table__kind=Table.Kind.TECHNICAL).exists()


def can_see_table(request: HttpRequest, table: Table) -> bool:
    if not request.user.is_authenticated:
        return False
    return is_coordinator(request) or is_table_member(request.user, table)


def get_table_for_user(request: HttpRequest, code: str, *, for_change: bool = False) -> Table:
    """for_change: managing the table and its members, for the coordinator only."""
    table = Table.objects.filter(code=code).first()
    if table is None or not can_see_table(request, table):
        raise Http404
    if for_change and not is_coordinator(request):
        raise PermissionDenied
    return table


def get_meeting_for_user(request: HttpRequest, code: str) -> Meeting:
    """Members of the table and the coordinator see and write the meeting; others get 404."""
    meeting = Meeting.objects.select_related("table", "approved_at").filter(code=code).first()
    if meeting is None or not can_see_table(request, meeting.table):
        raise Http404
    return meeting


def get_action_for_user(request: HttpRequest, code: str) -> ActionItem:
    action = ActionItem.objects.select_related("meeting__table", "owner").filter(code=code).first()
    if action is None or not can_see_table(request, action.meeting.table):
        raise Http404
    return action


def can_add_case(request: HttpRequest, table: Table, person: Person) -> bool:
    """The coordinator, or a case worker of the person's care team who sits at the table."""
    if is_coordinator(request):
        return True
    user = request.user
    return user.is_authenticated and is_table_member(user, table) and is_in_care_team(user, person)
