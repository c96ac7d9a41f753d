"""Who may see and change sub-projects (access.py): any signed-in member reads; the coordinator
and the lead organisation's member contacts and case workers change; anyone else gets 403 on a
change, anonymous visitors are sent to sign in."""

import pytest
from django.urls import reverse

from ponte.core.tests.helpers import italian_html, redirected_to_login
from ponte.network.models import Role
from ponte.projects.models import SubProject

pytestmark = pytest.mark.django_db


def change_urls(subproject, cost_line) -> list[str]:
    code = subproject.code
    return [
        reverse("projects:edit", args=[code]),
        reverse("projects:line_create", args=[code]),
        reverse("projects:line_edit", args=[code, cost_line.code]),
        reverse("projects:movement_create", args=[code]),
        reverse("projects:indicator_create", args=[code]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, subproject):
    for url in [reverse("projects:list"), reverse("projects:detail", args=[subproject.code])]:
        assert redirected_to_login(client.get(url), url)


def test_a_user_with_no_membership_may_not_read(client, nobody, subproject):
    client.force_login(nobody)
    assert client.get(reverse("projects:list")).status_code == 403


def test_a_member_of_another_organisation_reads_but_cannot_change(
    client, contact_b, subproject, cost_line
):
    client.force_login(contact_b)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert subproject.title in response.content.decode()
    response = client.get(reverse("projects:detail", args=[subproject.code]))
    assert response.status_code == 200
    assert italian_html("Change the sub-project") not in response.content.decode()
    for url in change_urls(subproject, cost_line):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "X"}).status_code == 403, url


def test_every_role_reads(client, make_user, referring_body, subproject, tutor):
    reader = make_user("tavolo.valle", referring_body, Role.TABLE_MEMBER)
    for user in (reader, tutor):
        client.force_login(user)
        assert client.get(reverse("projects:detail", args=[subproject.code])).status_code == 200


def test_the_lead_organisations_contact_and_case_workers_change(
    client, contact_a, worker_a, subproject, cost_line
):
    for user in (contact_a, worker_a):
        client.force_login(user)
        response = client.get(reverse("projects:detail", args=[subproject.code]))
        assert italian_html("Change the sub-project") in response.content.decode()
        for url in change_urls(subproject, cost_line):
            assert client.get(url).status_code == 200, url


def test_the_coordinator_manages_every_sub_project(client, coordinator, subproject, cost_line):
    client.force_login(coordinator)
    for url in change_urls(subproject, cost_line):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("projects:create")).status_code == 200


def test_an_unknown_code_is_not_found(client, contact_a, subproject):
    client.force_login(contact_a)
    assert client.get(reverse("projects:detail", args=["NOPE"])).status_code == 404
    assert client.get(reverse("projects:edit", args=["NOPE"])).status_code == 404


def test_a_tutor_cannot_create_sub_projects(client, tutor):
    client.force_login(tutor)
    assert client.get(reverse("projects:create")).status_code == 403


def test_a_member_contact_creates_a_sub_project_led_by_their_organisation(
    client, contact_a, org_a, org_b
):
    client.force_login(contact_a)
    response = client.post(
        reverse("projects:create"),
        {
            "title": "Orto sociale",
            "description": "",
            "partners": [org_b.pk],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "status": SubProject.Status.PLANNED,
            "lead": org_b.pk,  # ignored: the lead is the user's organisation
        },
    )
    subproject = SubProject.objects.get(title="Orto sociale")
    assert response.status_code == 302
    assert response.url == reverse("projects:detail", args=[subproject.code])
    assert subproject.lead == org_a
    assert list(subproject.partners.all()) == [org_b]


def test_the_coordinator_chooses_the_lead(client, coordinator, org_b):
    client.force_login(coordinator)
    client.post(
        reverse("projects:create"),
        {
            "title": "Orto sociale",
            "lead": org_b.pk,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "status": SubProject.Status.PLANNED,
        },
    )
    assert SubProject.objects.get(title="Orto sociale").lead == org_b


def test_the_navigation_shows_projects_to_members(client, contact_b, subproject):
    client.force_login(contact_b)
    response = client.get(reverse("network:directory"))
    assert reverse("projects:list") in response.content.decode()
