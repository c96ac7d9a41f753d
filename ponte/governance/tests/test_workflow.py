"""The meeting and minutes workflow: scheduled → held → minutes draft → minutes approved at a
later meeting of the same table; after approval the minutes are the record."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ponte.governance import services
from ponte.governance.models import ActionItem, Attendance, Decision, Meeting
from ponte.governance.tests.conftest import days_ago
from ponte.network.models import Role

pytestmark = pytest.mark.django_db

Status = Meeting.Status


def later(meeting: Meeting, by, *, held: bool = True) -> Meeting:
    other = services.meeting_schedule(
        table=meeting.table,
        starts_at=meeting.starts_at + timedelta(hours=2),
        place="Cavalese",
        by=by,
    )
    return services.meeting_mark_held(meeting=other) if held else other


def test_a_scheduled_meeting_of_yesterday_can_be_marked_as_held(meeting):
    assert services.meeting_mark_held(meeting=meeting).status == Status.HELD


def test_a_meeting_cannot_be_marked_as_held_before_its_day(technical, coordinator):
    future = services.meeting_schedule(
        table=technical, starts_at=days_ago(-3), place="Predazzo", by=coordinator
    )
    with pytest.raises(ValidationError, match="prima del suo giorno"):
        services.meeting_mark_held(meeting=future)
    future.refresh_from_db()
    assert future.status == Status.SCHEDULED


def test_a_held_meeting_cannot_be_marked_as_held_again(held):
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=held)


def test_a_meeting_without_date_is_refused_and_nothing_saved(technical, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.meeting_schedule(table=technical, starts_at=None, place="Cavalese", by=coordinator)
    assert "starts_at" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_place_or_a_video_link(technical, coordinator):
    with pytest.raises(ValidationError):
        services.meeting_schedule(table=technical, starts_at=days_ago(1), by=coordinator)
    meeting = services.meeting_schedule(
        table=technical,
        starts_at=days_ago(1),
        video_link="https://meet.example.org/tavolo",
        by=coordinator,
    )
    assert meeting.place == ""


def test_minutes_cannot_be_written_before_the_meeting_is_held(meeting):
    with pytest.raises(ValidationError, match="tenuto"):
        services.minutes_save(meeting=meeting, text="Verbale")
    meeting.refresh_from_db()
    assert meeting.minutes == ""
    assert meeting.status == Status.SCHEDULED


def test_writing_the_minutes_of_a_held_meeting_makes_a_draft_that_can_be_changed(held):
    draft = services.minutes_save(meeting=held, text="Prima stesura")
    assert draft.status == Status.DRAFT
    draft = services.minutes_save(meeting=draft, text="Seconda stesura")
    draft.refresh_from_db()
    assert draft.minutes == "Seconda stesura"


def test_empty_minutes_are_refused(held):
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=held, text="   ")


def test_minutes_are_approved_at_a_later_held_meeting_of_the_same_table(draft, coordinator):
    next_one = later(draft, coordinator)
    approved = services.minutes_approve(meeting=draft, at=next_one)
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert approved.approved_at == next_one
    assert approved.minutes_approved_on == timezone.localtime(next_one.starts_at).date()


def test_minutes_cannot_be_approved_at_a_meeting_not_yet_held(draft, coordinator):
    next_one = later(draft, coordinator, held=False)
    with pytest.raises(ValidationError, match="non si è ancora tenuto"):
        services.minutes_approve(meeting=draft, at=next_one)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_minutes_cannot_be_approved_at_an_earlier_meeting(draft, coordinator):
    earlier = services.meeting_schedule(
        table=draft.table, starts_at=draft.starts_at - timedelta(days=30), place="X", by=coordinator
    )
    earlier = services.meeting_mark_held(meeting=earlier)
    with pytest.raises(ValidationError, match="incontro successivo"):
        services.minutes_approve(meeting=draft, at=earlier)
    with pytest.raises(ValidationError, match="incontro successivo"):
        services.minutes_approve(meeting=draft, at=draft)


def test_minutes_cannot_be_approved_at_a_meeting_of_another_table(draft, steering, coordinator):
    other = services.meeting_schedule(
        table=steering, starts_at=draft.starts_at + timedelta(hours=3), place="X", by=coordinator
    )
    other = services.meeting_mark_held(meeting=other)
    with pytest.raises(ValidationError, match="stesso tavolo"):
        services.minutes_approve(meeting=draft, at=other)


def test_minutes_that_are_not_a_draft_cannot_be_approved(held, coordinator):
    next_one = later(held, coordinator)
    with pytest.raises(ValidationError, match="bozza"):
        services.minutes_approve(meeting=held, at=next_one)


def test_approved_minutes_cannot_be_edited_nor_approved_again(draft, coordinator):
    next_one = later(draft, coordinator)
    services.minutes_approve(meeting=draft, at=next_one)
    with pytest.raises(ValidationError, match="non si può più modificare"):
        services.minutes_save(meeting=draft, text="Riscritto dopo")
    with pytest.raises(ValidationError, match="non si può più modificare"):
        services.minutes_approve(meeting=draft, at=next_one)
    draft.refresh_from_db()
    assert draft.minutes == "Presenti tutti. Si discute del laboratorio."
    assert draft.status == Status.APPROVED


def test_after_approval_agenda_attendance_and_decisions_cannot_change(draft, coordinator, worker_a):
    services.minutes_approve(meeting=draft, at=later(draft, coordinator))
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=draft, title="Punto aggiunto dopo")
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=draft, statuses={worker_a.pk: "present"})
    with pytest.raises(ValidationError):
        services.decision_add(meeting=draft, text="Decisione aggiunta dopo")
    assert not draft.agenda_items.exists()
    assert not Attendance.objects.filter(meeting=draft).exists()
    assert not Decision.objects.filter(meeting=draft).exists()


def test_attendance_is_recorded_for_members_once_the_meeting_is_held(
    meeting, worker_a, referrer, contact_a
):
    with pytest.raises(ValidationError, match="tenuto"):
        services.attendance_record(meeting=meeting, statuses={worker_a.pk: "present"})
    held = services.meeting_mark_held(meeting=meeting)
    services.attendance_record(
        meeting=held, statuses={worker_a.pk: "present", referrer.pk: "excused"}
    )
    services.attendance_record(meeting=held, statuses={worker_a.pk: "absent"})
    assert dict(Attendance.objects.values_list("user__username", "status")) == {
        worker_a.username: "absent",
        referrer.username: "excused",
    }
    with pytest.raises(ValidationError, match="membri"):
        services.attendance_record(meeting=held, statuses={contact_a.pk: "present"})
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=held, statuses={worker_a.pk: "asleep"})


def test_decisions_are_recorded_once_the_meeting_is_held(meeting):
    with pytest.raises(ValidationError):
        services.decision_add(meeting=meeting, text="Troppo presto")
    held = services.meeting_mark_held(meeting=meeting)
    item = services.agenda_item_add(meeting=held, title="Laboratorio")
    decision = services.decision_add(meeting=held, text="Si apre il laboratorio", agenda_item=item)
    assert decision.agenda_item == item


def test_an_action_without_owner_is_refused_and_nothing_saved(held):
    with pytest.raises(ValidationError) as caught:
        services.action_add(meeting=held, text="Chiamare il Comune", owner=None)
    assert "owner" in caught.value.message_dict
    assert not ActionItem.objects.exists()


def test_an_action_is_open_until_marked_done(held, worker_a):
    action = services.action_add(meeting=held, text="Chiamare il Comune", owner=worker_a)
    assert action.status == ActionItem.Status.OPEN
    action = services.action_set_status(action=action, status=ActionItem.Status.DONE)
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_a_member_represents_an_organisation_they_belong_to(technical, contact_a, org_b, org_a):
    with pytest.raises(ValidationError):
        services.table_member_add(table=technical, user=contact_a, organisation=org_b)
    services.table_member_add(table=technical, user=contact_a, organisation=org_a)
    with pytest.raises(ValidationError, match="già"):
        services.table_member_add(table=technical, user=contact_a, organisation=org_a)
    assert contact_a.memberships.get().role == Role.MEMBER_CONTACT


def test_no_action_is_added_to_approved_minutes(draft, coordinator, worker_a):
    services.minutes_approve(meeting=draft, at=later(draft, coordinator))
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="non si può più modificare"):
        services.action_add(meeting=draft, text="Troppo tardi", owner=worker_a)
    assert not ActionItem.objects.exists()


def test_the_owner_of_a_new_action_is_notified(held, referrer):
    from ponte.network.models import Notification

    services.action_add(meeting=held, text="Chiamare il Comune", owner=referrer)
    notification = Notification.objects.get(recipient=referrer)
    assert "Chiamare il Comune" in notification.text
    assert notification.url == "/tavoli/azioni/"
