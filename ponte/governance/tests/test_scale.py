"""The tables' part of the synthetic data set (`seed_scale --meetings N`)."""

from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command

from ponte.governance.models import ActionItem, Decision, Meeting

pytestmark = pytest.mark.django_db


def test_it_adds_past_meetings_with_approved_minutes_decisions_and_actions_to_the_demo_tables():
    call_command("seed_demo", stdout=StringIO())
    before = Meeting.objects.count()
    first = Meeting.objects.order_by("starts_at").first()
    out = StringIO()
    with redirect_stdout(out):
        call_command(
            "seed_scale",
            organisations=10,
            people=0,
            openings=0,
            listings=0,
            subprojects=0,
            meetings=30,
        )
    added = Meeting.objects.exclude(pk__in=Meeting.objects.order_by("pk")[:before])
    assert added.count() == 30
    assert set(added.values_list("status", flat=True)) == {Meeting.Status.APPROVED}
    assert first is None or all(m.starts_at < first.starts_at for m in added)
    assert Decision.objects.filter(meeting__in=added).count() == 60
    owners_are_members = all(
        a.meeting.table.members.filter(pk=a.owner_id).exists()
        for a in ActionItem.objects.filter(meeting__in=added).select_related("meeting__table")
    )
    assert owners_are_members
    assert "30 synthetic meetings" in out.getvalue()
