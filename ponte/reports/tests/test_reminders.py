# ruff: noqa: F811 - the pathways fixtures are imported, then requested by name
"""Reminders on the home page and in the daily digest: the right items, on the edges of their
horizon, for the right users only, and by pseudonymous code."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ponte.core.tests.helpers import italian
from ponte.governance.models import ActionItem, Meeting, Table
from ponte.pathways.models import Consent, FollowUp, Placement, Plan
from ponte.pathways.selectors import DUE_WITHIN_DAYS
from ponte.pathways.tests.conftest import (  # noqa: F401 - shared fixtures
    make_person,
    make_placement,
    make_referral,
    other_person,
    person,
    referrer,
    referring_body,
    service,
    worker_a2,
)
from ponte.reports.reminders import ACTION_WITHIN_DAYS, reminders_for, send_digests

TODAY = date(2026, 11, 26)
HORIZON = TODAY + timedelta(days=DUE_WITHIN_DAYS)


def plan(person, next_review: date, version: int = 1) -> Plan:
    return Plan.objects.create(
        person=person, version=version, next_review=next_review, written_by=person.case_manager
    )


def kinds(reminders) -> list[str]:
    return [r.kind for r in reminders]


def test_a_plan_review_on_the_horizon_is_listed_and_the_day_after_is_not(person, worker_a):
    plan(person, HORIZON)
    assert kinds(reminders_for(worker_a, on=TODAY)) == ["review"]
    assert reminders_for(worker_a, on=TODAY - timedelta(days=1)) == []


def test_only_the_latest_version_of_the_plan_counts(person, worker_a):
    plan(person, TODAY, version=1)
    plan(person, TODAY + timedelta(days=180), version=2)
    assert reminders_for(worker_a, on=TODAY) == []


def test_an_overdue_review_comes_first_and_is_marked(person, other_person, worker_a):
    plan(person, TODAY + timedelta(days=3))
    plan(other_person, TODAY - timedelta(days=1))
    reminders = reminders_for(worker_a, on=TODAY)
    assert [r.overdue for r in reminders] == [True, False]
    assert other_person.code in reminders[0].text


def test_follow_ups_due_are_listed_until_recorded(person, worker_a, make_placement):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    follow_up = FollowUp.objects.create(placement=placement, months=1, due_on=HORIZON)
    FollowUp.objects.create(placement=placement, months=3, due_on=HORIZON + timedelta(days=1))
    assert "follow_up" in kinds(reminders_for(worker_a, on=TODAY))
    follow_up.done_on = TODAY
    follow_up.save()
    assert "follow_up" not in kinds(reminders_for(worker_a, on=TODAY))


def test_consents_expiring_within_the_horizon_but_not_expired_or_withdrawn(person, worker_a):
    def consent(purpose: str, **fields) -> Consent:
        return Consent.objects.create(
            person=person,
            purpose=purpose,
            given_on=TODAY - timedelta(days=300),
            recorded_by=worker_a,
            **fields,
        )

    consent(Consent.Purpose.TABLE, expires_on=HORIZON)
    consent(Consent.Purpose.COMPANIES, expires_on=TODAY)  # expires today: no longer in force
    consent(Consent.Purpose.CONTACT, expires_on=TODAY + timedelta(days=5), withdrawn_on=TODAY)
    reminders = [r for r in reminders_for(worker_a, on=TODAY) if r.kind == "consent"]
    assert len(reminders) == 1
    assert reminders[0].due_on == HORIZON


def test_placements_ending_are_listed_for_the_care_team_and_the_tutor(
    person,
    worker_a,
    make_placement,
    make_user,
    org_a,
):
    tutor = make_user("tutor.coop", org_a, "company_tutor")
    make_placement(
        person,
        status=Placement.Status.ACTIVE,
        planned_start=TODAY - timedelta(days=100),
        planned_end=TODAY + timedelta(days=10),
        tutor=tutor,
    )
    assert kinds(reminders_for(worker_a, on=TODAY)) == ["placement"]
    assert kinds(reminders_for(tutor, on=TODAY)) == ["placement"]


def test_action_items_due_within_a_week_for_their_owner_only(coordinator, contact_a, org_a):
    table = Table.objects.create(kind=Table.Kind.STEERING, name="Tavolo di Regia")
    meeting = Meeting.objects.create(
        table=table, starts_at=timezone.now() - timedelta(days=10), created_by=coordinator
    )
    ActionItem.objects.create(
        meeting=meeting,
        text="Preparare il bilancio",
        owner=contact_a,
        due_on=TODAY + timedelta(days=ACTION_WITHIN_DAYS),
    )
    ActionItem.objects.create(
        meeting=meeting,
        text="Più avanti",
        owner=contact_a,
        due_on=TODAY + timedelta(days=ACTION_WITHIN_DAYS + 1),
    )
    ActionItem.objects.create(
        meeting=meeting,
        text="Fatta",
        owner=contact_a,
        due_on=TODAY,
        status=ActionItem.Status.DONE,
    )
    assert [r.text for r in reminders_for(contact_a, on=TODAY)] == ["Preparare il bilancio"]
    assert reminders_for(coordinator, on=TODAY) == []


def test_another_worker_outside_the_care_team_sees_nothing(person, worker_a2):
    plan(person, TODAY)
    assert reminders_for(worker_a2, on=TODAY) == []


def test_reminders_take_five_queries_whatever_the_caseload(
    make_person,
    worker_a,
    django_assert_num_queries,
):
    for _ in range(4):
        plan(make_person(), TODAY)
    with django_assert_num_queries(5):
        assert len(reminders_for(worker_a, on=TODAY)) == 4


def test_the_home_page_lists_reminders_by_code_only(client, person, worker_a):
    plan(person, date.today())
    client.force_login(worker_a)
    response = client.get(reverse("network:dashboard"))
    page = response.content.decode()
    assert italian("Reminders") in page
    assert person.code in page
    assert person.last_name not in page
    assert reverse("pathways:plan", args=[person.code]) in page


def test_the_home_page_has_no_reminders_section_when_nothing_is_due(client, contact_a):
    client.force_login(contact_a)
    response = client.get(reverse("network:dashboard"))
    assert italian("Reminders") not in response.content.decode()


def test_the_digest_is_sent_once_to_each_user_with_something_due(person, worker_a, contact_a):
    plan(person, TODAY)
    worker_a.email = "operatore@example.org"
    worker_a.save()
    assert contact_a.email  # has an address, but nothing due
    assert send_digests(on=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["operatore@example.org"]
    assert person.code in message.body
    assert person.last_name not in message.body and person.first_name not in message.body
    assert "/percorsi/" in message.body


def test_the_command_sends_the_digest_for_a_given_day(person, worker_a, capsys):
    plan(person, TODAY)
    worker_a.email = "operatore@example.org"
    worker_a.save()
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) == 1
    assert "1" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "26/11/2026")
