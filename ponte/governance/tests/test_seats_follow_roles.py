"""A seat at a table lasts only while the user holds an active membership of the organisation it
represents (docs/privacy.md, "Access follows active roles"). The finding: with the only role of
a table member deactivated, the meeting pages, a case's functional profile and the minutes PDF
still answered 200."""

import pytest
from django.urls import reverse

from ponte.governance import services
from ponte.governance.tests.conftest import consent_to_table
from ponte.network.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(coordinator, worker_a, person, meeting):
    consent_to_table(person, worker_a)
    item = services.agenda_item_add(meeting=meeting, title="Casi")
    services.agenda_case_add(item=item, person=person, by=worker_a)
    return meeting, person


def pages(meeting, person) -> list[str]:
    return [
        reverse("governance:table", args=[meeting.table.code]),
        reverse("governance:meeting", args=[meeting.code]),
        reverse("governance:case", args=[meeting.code, person.code]),
        reverse("governance:minutes_pdf", args=[meeting.code]),
    ]


def test_a_member_with_an_active_role_opens_the_table_s_pages(client, table_user, case):
    client.force_login(table_user)
    for url in pages(*case):
        assert client.get(url).status_code == 200, url


def test_a_seat_ends_with_the_membership_of_the_organisation_it_represents(
    client, table_user, referring_body, org_b, case
):
    meeting, _person = case
    Membership.objects.filter(user=table_user, organisation=referring_body).update(is_active=False)
    # She keeps another role elsewhere, and signs in with it.
    Membership.objects.create(user=table_user, organisation=org_b, role=Role.TABLE_MEMBER)
    client.force_login(table_user)
    for url in pages(*case):
        assert client.get(url).status_code == 404, url
    assert meeting.table.name not in client.get(reverse("governance:tables")).text
    token = services.calendar_token_of(table_user)
    feed = client.get(reverse("governance:calendar_feed", args=[token.token]))
    assert meeting.place not in feed.text
