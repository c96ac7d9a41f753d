"""The tables of the demo district (ponte/governance/demo.py)."""

import pytest
from django.utils import timezone

from ponte.governance.models import ActionItem, AgendaCase, Decision, Meeting, Table
from ponte.pathways.models import Consent
from ponte.pathways.selectors import has_consent

pytestmark = pytest.mark.django_db


def test_both_tables_have_their_members(demo):
    technical = Table.objects.get(kind=Table.Kind.TECHNICAL)
    steering = Table.objects.get(kind=Table.Kind.STEERING)
    assert {"operatore.oltre", "operatore.lerais", "inviante.fiemme", "inviante.fassa"} <= set(
        technical.members.values_list("username", flat=True)
    )
    assert {"coordinatore", "referente.terrealtre", "referente.cassarurale"} <= set(
        steering.members.values_list("username", flat=True)
    )
    assert "Tables:" in demo


def test_a_year_of_meetings_with_minutes_approved_at_the_following_one(demo):
    now = timezone.now()
    for table, at_least in ((Table.Kind.TECHNICAL, 11), (Table.Kind.STEERING, 4)):
        meetings = list(Meeting.objects.filter(table__kind=table).order_by("starts_at"))
        past = [m for m in meetings if m.starts_at < now]
        assert len(past) >= at_least
        assert [m.status for m in meetings if m.starts_at >= now] == [Meeting.Status.SCHEDULED]
        assert past[-1].status == Meeting.Status.DRAFT
        for meeting, following in zip(past, past[1:], strict=False):
            assert meeting.status == Meeting.Status.APPROVED
            assert meeting.approved_at == following


def test_decisions_and_actions_done_open_and_overdue(demo):
    assert Decision.objects.count() >= 15
    today = timezone.localdate()
    assert ActionItem.objects.filter(status=ActionItem.Status.DONE).exists()
    open_actions = ActionItem.objects.filter(status=ActionItem.Status.OPEN)
    assert open_actions.filter(due_on__lt=today).exists()
    assert open_actions.filter(due_on__gte=today).exists() or open_actions.count() > 1


def test_cases_only_of_people_consenting_to_the_tavolo_tecnico(demo):
    cases = AgendaCase.objects.select_related("person", "agenda_item__meeting__table")
    assert cases.exists()
    for case in cases:
        assert case.agenda_item.meeting.table.kind == Table.Kind.TECHNICAL
        assert has_consent(case.person, Consent.Purpose.TABLE)


def test_the_demo_pages_open_for_the_table_member_and_not_for_a_tutor(demo, client):
    from django.urls import reverse

    from ponte.network.models import User

    case = AgendaCase.objects.select_related("agenda_item__meeting", "person").first()
    assert case is not None
    meeting = case.agenda_item.meeting
    urls = [
        reverse("governance:tables"),
        reverse("governance:table", args=[meeting.table.code]),
        reverse("governance:meeting", args=[meeting.code]),
        reverse("governance:case", args=[meeting.code, case.person.code]),
        reverse("governance:decisions"),
        reverse("governance:my_actions"),
        reverse("governance:calendar"),
    ]
    client.force_login(User.objects.get(username="tavolo"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert case.person.last_name not in response.text
    client.force_login(User.objects.get(username="tutor.felicetti"))
    for url in urls[1:4]:
        assert client.get(url).status_code == 404, url
