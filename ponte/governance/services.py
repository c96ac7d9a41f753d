"""Every change to tables and meetings goes through these functions: validated (full_clean),
atomic, and refused with a ValidationError whose message the page shows. Minutes are written
while the meeting is held or in draft and approved at a later meeting of the same table; once
approved they, the attendance and the decisions are the record and cannot be changed."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.core.concurrency import EditConflict, claim_revision, differences, last_change
from ponte.governance.models import (
    ActionItem,
    AgendaCase,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    Table,
    TableMembership,
    calendar_token,
)
from ponte.network.models import Organisation, User
from ponte.network.notifications import in_district_language, notify
from ponte.pathways.models import Consent, Person
from ponte.pathways.selectors import has_consent
from ponte.projects.models import SubProject

Status = Meeting.Status


def _not_approved(meeting: Meeting) -> None:
    if meeting.status == Status.APPROVED:
        raise ValidationError(
            _("The minutes of this meeting are approved: they cannot be changed.")
        )


# Tables ------------------------------------------------------------------------------------


@transaction.atomic
def table_create(*, name: str, kind: str, description: str = "") -> Table:
    table = Table(name=name, kind=kind, description=description)
    table.full_clean()
    table.save()
    return table


@transaction.atomic
def table_member_add(*, table: Table, user: User, organisation: Organisation) -> TableMembership:
    if table.memberships.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already a member of the table.")})
    if not user.memberships.filter(organisation=organisation, is_active=True).exists():
        raise ValidationError(
            {"organisation": _("The member must belong to the organisation they represent.")}
        )
    membership = TableMembership(table=table, user=user, organisation=organisation)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def table_member_remove(*, membership: TableMembership) -> None:
    membership.delete()


# Meetings ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    table: Table,
    starts_at: datetime | None,
    by: User,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the date and time of the meeting.")})
    if not place and not video_link:
        raise ValidationError({"place": _("Give the place of the meeting or a video link.")})
    meeting = Meeting(
        table=table, starts_at=starts_at, place=place, video_link=video_link, created_by=by
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, starts_at: datetime | None, place: str = "", video_link: str = ""
) -> Meeting:
    """Change the date, place or link of a meeting that has not been held yet."""
    if meeting.status != Status.SCHEDULED:
        raise ValidationError(_("Only a meeting not yet held can be rescheduled."))
    if starts_at is None:
        raise ValidationError({"starts_at": _("Give the date and time of the meeting.")})
    if not place and not video_link:
        raise ValidationError({"place": _("Give the place of the meeting or a video link.")})
    meeting.starts_at, meeting.place, meeting.video_link = starts_at, place, video_link
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting) -> Meeting:
    if meeting.status != Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be marked as held."))
    if timezone.localtime(meeting.starts_at).date() > timezone.localdate():
        raise ValidationError(_("A meeting cannot be marked as held before its day."))
    meeting.status = Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    notes: str = "",
    sub_project: SubProject | None = None,
    order: int | None = None,
) -> AgendaItem:
    _not_approved(meeting)
    if order is None:
        order = meeting.agenda_items.count() + 1
    item = AgendaItem(
        meeting=meeting, title=title, notes=notes, sub_project=sub_project, order=order
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_case_add(*, item: AgendaItem, person: Person, by: User) -> AgendaCase:
    """Put a case on the agenda of the Tavolo Tecnico: only with the person's consent to the
    discussion at the table in force (docs/privacy.md, "Consents"). Who may do it is checked in
    access."""
    meeting = item.meeting
    _not_approved(meeting)
    if meeting.table.kind != Table.Kind.TECHNICAL:
        raise ValidationError(_("Cases are discussed only at the Tavolo Tecnico."))
    if not has_consent(person, Consent.Purpose.TABLE):
        raise ValidationError(
            _(
                "%(code)s has no consent in force to the discussion at the Tavolo Tecnico: "
                "the case was not put on the agenda."
            )
            % {"code": person.code}
        )
    if item.agenda_cases.filter(person=person).exists():
        raise ValidationError(_("%(code)s is already on this item.") % {"code": person.code})
    case = AgendaCase(agenda_item=item, person=person, added_by=by)
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: dict[int, str]) -> list[Attendance]:
    """statuses: user id → present/absent/excused, for members of the table."""
    _not_approved(meeting)
    if meeting.status == Status.SCHEDULED:
        raise ValidationError(_("Attendance is recorded once the meeting is held."))
    members = set(meeting.table.memberships.values_list("user_id", flat=True))
    records = []
    for user_id, status in statuses.items():
        if user_id not in members:
            raise ValidationError(_("Attendance is recorded for members of the table only."))
        if status not in Attendance.Status.values:
            raise ValidationError(_("Choose present, absent or excused."))
        record, _created = Attendance.objects.update_or_create(
            meeting=meeting, user_id=user_id, defaults={"status": status}
        )
        records.append(record)
    return records


@transaction.atomic
def minutes_save(*, meeting: Meeting, text: str, read_revision: int | None = None) -> Meeting:
    """Write the minutes of a held meeting (or change the draft): never once approved. With
    `read_revision`, the meeting's revision when the form was read: if somebody saved the
    minutes since, nothing is saved and EditConflict shows the minutes saved now."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _not_approved(meeting)
    if meeting.status == Status.SCHEDULED:
        raise ValidationError(_("Mark the meeting as held before writing its minutes."))
    if not text.strip():
        raise ValidationError({"minutes": _("The minutes cannot be empty.")})
    rows = Meeting.objects.filter(pk=meeting.pk)
    if read_revision is None:
        rows.update(revision=F("revision") + 1)
    elif not claim_revision(rows, read=read_revision):
        changed_by, changed_at = last_change(meeting)
        raise EditConflict(
            revision=meeting.revision,
            changed_by=changed_by,
            changed_at=changed_at,
            differences=differences(
                {"minutes": _("Minutes")}, {"minutes": text}, {"minutes": meeting.minutes}
            ),
        )
    meeting.revision += 1  # as the UPDATE above left it: the row is locked until the commit
    meeting.minutes = text
    meeting.status = Status.DRAFT
    meeting.save(update_fields=["minutes", "status", "updated_at"])
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at: Meeting) -> Meeting:
    """Approve the draft minutes at a later meeting of the same table, once that one is held."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _not_approved(meeting)
    if meeting.status != Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be approved."))
    if at.table_id != meeting.table_id or at.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at": _("Minutes are approved at a later meeting of the same table.")}
        )
    if at.status == Status.SCHEDULED:
        raise ValidationError({"at": _("The meeting approving the minutes has not been held.")})
    meeting.status = Status.APPROVED
    meeting.approved_at = at
    meeting.minutes_approved_on = timezone.localtime(at.starts_at).date()
    meeting.save(update_fields=["status", "approved_at", "minutes_approved_on", "updated_at"])
    return meeting


# Decisions and actions ---------------------------------------------------------------------


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    sub_project: SubProject | None = None,
) -> Decision:
    _not_approved(meeting)
    if meeting.status == Status.SCHEDULED:
        raise ValidationError(_("Decisions are recorded once the meeting is held."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("The item is not on this meeting's agenda.")})
    if sub_project is None and agenda_item is not None:
        sub_project = agenda_item.sub_project
    decision = Decision(
        meeting=meeting, text=text, agenda_item=agenda_item, sub_project=sub_project
    )
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def action_add(
    *, meeting: Meeting, text: str, owner: User | None, due_on: date | None = None
) -> ActionItem:
    _not_approved(meeting)
    if owner is None:
        raise ValidationError({"owner": _("Every action needs an owner.")})
    action = ActionItem(meeting=meeting, text=text, owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    notify(
        recipients=[owner],
        text=in_district_language(
            gettext_lazy("The %(table)s gave you an action: %(action)s"),  # type: ignore[arg-type]  # lazy: translated in the district language
            table=meeting.table.name,
            action=text[:150],
        ),
        url=reverse("governance:my_actions"),
    )
    return action


@transaction.atomic
def action_set_status(*, action: ActionItem, status: str) -> ActionItem:
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Unknown status."))
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action


# Calendar ----------------------------------------------------------------------------------


def calendar_token_of(user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_renew(*, user: User) -> CalendarToken:
    """A new secret: the old address stops working at once."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        token.token = calendar_token()
        token.save(update_fields=["token", "updated_at"])
    return token
