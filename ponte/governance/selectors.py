"""Reads of the tables' pages, each in a number of queries that does not grow with the data."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from ponte.governance.access import seats_of
from ponte.governance.models import (
    ActionItem,
    AgendaCase,
    Attendance,
    Decision,
    Meeting,
    Table,
    TableMembership,
)
from ponte.network.models import User
from ponte.pathways import selectors as pathway_selectors
from ponte.pathways.models import Consent, Person


def tables_list(tables: QuerySet[Table]) -> QuerySet[Table]:
    now = timezone.now()
    return tables.annotate(
        member_count=Count("memberships", distinct=True),
        next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
        last_meeting=Max("meetings__starts_at", filter=Q(meetings__starts_at__lt=now)),
    ).order_by("kind", "name")


def members_of(table: Table) -> list[TableMembership]:
    return list(table.memberships.select_related("user", "organisation"))


def meetings_of(table: Table) -> list[Meeting]:
    return list(table.meetings.select_related("approved_at"))


def meeting_page(meeting: Meeting) -> dict[str, Any]:
    items = list(
        meeting.agenda_items.select_related("sub_project").prefetch_related(
            Prefetch(
                "agenda_cases",
                queryset=AgendaCase.objects.select_related("person__level"),
            )
        )
    )
    members = members_of(meeting.table)
    attendance = {a.user_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
    return {
        "items": items,
        "members": [(m, attendance.get(m.user_id, "")) for m in members],
        "decisions": list(
            meeting.decisions.select_related("agenda_item", "sub_project").order_by("id")
        ),
        "actions": list(meeting.action_items.select_related("owner").order_by("id")),
        # Draft minutes of earlier meetings, which this meeting may approve.
        "to_approve": list(
            Meeting.objects.filter(
                table_id=meeting.table_id,
                status=Meeting.Status.DRAFT,
                starts_at__lt=meeting.starts_at,
            ).order_by("starts_at")
        )
        if meeting.status != Meeting.Status.SCHEDULED
        else [],
    }


def case_on_table(meeting: Meeting, person_code: str) -> Person | None:
    """A person on the agenda of the meeting, with what the table may know of them: only while
    the consent to the discussion at the Tavolo Tecnico is in force (a withdrawal stops it)."""
    return (
        pathway_selectors.people_with_consent(Consent.Purpose.TABLE)
        .select_related("level", "municipality__valley")
        .filter(code=person_code, agenda_cases__agenda_item__meeting=meeting)
        .distinct()
        .first()
    )


def decisions_register(
    tables: QuerySet[Table],
    *,
    query: str = "",
    table_code: str = "",
    sub_project_code: str = "",
) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(meeting__table__in=tables).select_related(
        "meeting__table", "agenda_item", "sub_project"
    )
    if table_code:
        decisions = decisions.filter(meeting__table__code=table_code)
    if sub_project_code:
        decisions = decisions.filter(sub_project__code=sub_project_code)
    for word in query.split():
        decisions = decisions.filter(
            Q(text__icontains=word)
            | Q(agenda_item__title__icontains=word)
            | Q(sub_project__title__icontains=word)
        )
    return decisions.order_by("-meeting__starts_at", "id")


@dataclass(frozen=True)
class CalendarData:
    meetings: list[Meeting]
    actions: list[ActionItem]


def calendar_of(user: User) -> CalendarData:
    return CalendarData(
        meetings=list(
            Meeting.objects.filter(table_id__in=seats_of(user).values("table_id"))
            .select_related("table")
            .order_by("starts_at")
        ),
        actions=list(
            ActionItem.objects.filter(owner=user, status=ActionItem.Status.OPEN)
            .select_related("meeting__table")
            .order_by("due_on", "id")
        ),
    )


def actions_of(user: User) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(owner=user).select_related("meeting__table")


def is_overdue(action: ActionItem, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        action.status == ActionItem.Status.OPEN
        and action.due_on is not None
        and (action.due_on < today)
    )
