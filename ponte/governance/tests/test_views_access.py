"""Who sees and changes the tables' pages: members of the table and the coordinator; everyone
else gets 404, anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from ponte.core.tests.helpers import italian_html, redirected_to_login
from ponte.governance.models import ActionItem, Meeting, Table, TableMembership

pytestmark = pytest.mark.django_db


def pages(meeting: Meeting) -> list[str]:
    return [
        reverse("governance:table", args=[meeting.table.code]),
        reverse("governance:meeting", args=[meeting.code]),
        reverse("governance:minutes_pdf", args=[meeting.code]),
    ]


def test_the_tables_list_shows_only_the_users_tables(client, worker_a, technical, steering):
    client.force_login(worker_a)
    response = client.get(reverse("governance:tables"))
    assert response.status_code == 200
    assert technical.name in response.text
    assert steering.name not in response.text


def test_the_coordinator_sees_every_table(client, coordinator, technical, steering):
    client.force_login(coordinator)
    response = client.get(reverse("governance:tables"))
    assert technical.name in response.text and steering.name in response.text
    assert client.get(reverse("governance:table", args=[steering.code])).status_code == 200


def test_a_member_sees_the_table_and_its_meeting(client, table_user, meeting):
    client.force_login(table_user)
    for url in pages(meeting)[:2]:
        assert client.get(url).status_code == 200


def test_a_member_of_another_table_gets_404(client, contact_a, steering, meeting):
    client.force_login(contact_a)
    for url in pages(meeting):
        assert client.get(url).status_code == 404
    response = client.post(reverse("governance:minutes", args=[meeting.code]), {"minutes": "x"})
    assert response.status_code == 404


def test_a_company_tutor_who_is_not_a_member_sees_nothing(client, tutor, meeting, worker_a):
    action = ActionItem.objects.create(meeting=meeting, text="Segreto", owner=worker_a)
    client.force_login(tutor)
    for url in pages(meeting):
        assert client.get(url).status_code == 404
    assert client.get(reverse("governance:tables")).context["tables"] == []
    assert meeting.table.name not in client.get(reverse("governance:tables")).text
    response = client.post(
        reverse("governance:action_status", args=[action.code]), {"status": "done"}
    )
    assert response.status_code == 404
    register = client.get(reverse("governance:decisions"))
    assert list(register.context["page"].object_list) == []


def test_anonymous_visitors_are_sent_to_sign_in(client, meeting):
    for url in [reverse("governance:tables"), reverse("governance:decisions"), *pages(meeting)]:
        assert redirected_to_login(client.get(url), url)


def test_the_coordinator_creates_a_table_and_adds_members(client, coordinator, contact_a):
    client.force_login(coordinator)
    response = client.post(
        reverse("governance:table_create"), {"name": "Tavolo di Regia", "kind": "steering"}
    )
    table = Table.objects.get()
    assert response.status_code == 302
    membership = contact_a.memberships.get()
    client.post(reverse("governance:member_add", args=[table.code]), {"membership": membership.pk})
    assert list(table.members.all()) == [contact_a]
    row = TableMembership.objects.get()
    client.post(reverse("governance:member_remove", args=[table.code, row.pk]))
    assert not table.members.exists()


def test_a_member_may_not_manage_the_members(client, worker_a, technical, contact_a):
    client.force_login(worker_a)
    url = reverse("governance:member_add", args=[technical.code])
    response = client.post(url, {"membership": contact_a.memberships.get().pk})
    assert response.status_code == 403
    assert client.post(reverse("governance:table_create"), {"name": "X"}).status_code == 403
    assert not technical.members.filter(pk=contact_a.pk).exists()


def test_a_member_schedules_a_meeting(client, referrer, technical):
    client.force_login(referrer)
    response = client.post(
        reverse("governance:meeting_create", args=[technical.code]),
        {"starts_at": "2026-12-10T15:00", "place": "Cavalese"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "governance:meeting", args=[meeting.code]
    )
    assert meeting.created_by == referrer


def test_a_meeting_without_date_gets_a_clear_message_and_nothing_is_saved(
    client, referrer, technical
):
    client.force_login(referrer)
    response = client.post(
        reverse("governance:meeting_create", args=[technical.code]), {"place": "Cavalese"}
    )
    assert response.status_code == 400
    assert italian_html("Give the date and time of the meeting.") in response.text
    assert not Meeting.objects.exists()


def test_a_member_writes_the_minutes_and_another_meeting_approves_them(
    client, table_user, held, coordinator
):
    client.force_login(table_user)
    url = reverse("governance:minutes", args=[held.code])
    data = {"minutes": "Si decide di aprire il laboratorio.", "revision": held.revision}
    assert client.post(url, data).status_code == 302
    held.refresh_from_db()
    assert held.status == Meeting.Status.DRAFT
    from ponte.governance import services
    from ponte.governance.tests.conftest import days_ago

    next_one = services.meeting_schedule(
        table=held.table, starts_at=days_ago(0, hour=0), place="Cavalese", by=coordinator
    )
    page = client.get(reverse("governance:meeting", args=[next_one.code]))
    assert page.context["to_approve"] == []  # not held yet
    services.meeting_mark_held(meeting=next_one)
    page = client.get(reverse("governance:meeting", args=[next_one.code]))
    assert page.context["to_approve"] == [held]
    client.post(reverse("governance:minutes_approve", args=[next_one.code, held.code]))
    held.refresh_from_db()
    assert held.status == Meeting.Status.APPROVED and held.approved_at == next_one
    response = client.post(url, {"minutes": "Riscritto"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.minutes == "Si decide di aprire il laboratorio."


def test_an_action_without_owner_gets_a_clear_message_and_nothing_is_saved(client, worker_a, held):
    client.force_login(worker_a)
    response = client.post(
        reverse("governance:action_add", args=[held.code]), {"text": "Chiamare il Comune"}
    )
    assert response.status_code == 400
    assert italian_html("Every action needs an owner.") in response.text
    assert not ActionItem.objects.exists()


def test_actions_are_recorded_and_shown_in_my_actions(client, worker_a, referrer, held):
    client.force_login(worker_a)
    client.post(
        reverse("governance:action_add", args=[held.code]),
        {"text": "Chiamare il Comune", "owner": referrer.pk, "due_on": "2020-01-31"},
    )
    action = ActionItem.objects.get()
    assert action.owner == referrer
    client.force_login(referrer)
    response = client.get(reverse("governance:my_actions"))
    assert "Chiamare il Comune" in response.text
    assert response.context["rows"] == [(action, True)]  # overdue
    client.post(
        reverse("governance:action_status", args=[action.code]), {"status": "done", "next": "mine"}
    )
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_the_owner_of_an_action_must_be_a_member_of_the_table(client, worker_a, contact_a, held):
    client.force_login(worker_a)
    response = client.post(
        reverse("governance:action_add", args=[held.code]),
        {"text": "Chiamare il Comune", "owner": contact_a.pk},
    )
    assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_attendance_and_decisions_from_the_meeting_page(client, worker_a, referrer, held):
    client.force_login(worker_a)
    client.post(
        reverse("governance:attendance", args=[held.code]),
        {f"attendance-{worker_a.pk}": "present", f"attendance-{referrer.pk}": "excused"},
    )
    assert dict(held.attendances.values_list("user_id", "status")) == {
        worker_a.pk: "present",
        referrer.pk: "excused",
    }
    client.post(reverse("governance:agenda_add", args=[held.code]), {"title": "Laboratorio"})
    item = held.agenda_items.get()
    client.post(
        reverse("governance:decision_add", args=[held.code]),
        {"text": "Si apre il laboratorio", "agenda_item": item.pk},
    )
    assert held.decisions.get().agenda_item == item
    page = client.get(reverse("governance:meeting", args=[held.code]))
    assert "Si apre il laboratorio" in page.text


def test_the_minutes_pdf_is_a_pdf_for_members(client, worker_a, draft):
    client.force_login(worker_a)
    response = client.get(reverse("governance:minutes_pdf", args=[draft.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_navigation_shows_tables_to_table_members(client, table_user, tutor):
    client.force_login(table_user)
    assert reverse("governance:tables") in client.get("/").text
    client.force_login(tutor)
    assert f'href="{reverse("governance:tables")}"' not in client.get("/").text


def test_a_member_reschedules_a_meeting_not_yet_held(client, referrer, meeting):
    client.force_login(referrer)
    url = reverse("governance:meeting_edit", args=[meeting.code])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"starts_at": "2026-12-11T16:30", "video_link": "https://m.example/t"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.video_link == "https://m.example/t" and meeting.place == ""
    assert meeting.starts_at.day == 11


def test_a_held_meeting_cannot_be_rescheduled(client, referrer, held):
    client.force_login(referrer)
    url = reverse("governance:meeting_edit", args=[held.code])
    response = client.post(url, {"starts_at": "2026-12-11T16:30", "place": "Altrove"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.place == "Sala del Comun General"


def test_a_non_member_cannot_reschedule(client, contact_a, meeting):
    client.force_login(contact_a)
    url = reverse("governance:meeting_edit", args=[meeting.code])
    assert client.post(url, {"starts_at": "2026-12-11T16:30", "place": "X"}).status_code == 404


def test_every_field_of_the_meeting_page_has_an_id_of_its_own(client, worker_a, held):
    """Three forms share the page (agenda, decision, action): their fields must not share ids,
    or a label would name another form's field."""
    import re

    client.force_login(worker_a)
    html = client.get(f"/tavoli/incontri/{held.code}/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
