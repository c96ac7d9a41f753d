"""A draft opening is its host's work in progress: the sub-project form offers it, and the
sub-project's page lists it, only to the host organisation (and to the case worker who wrote it);
another organisation neither sees it nor can link it, and a link the host made is kept when
someone else saves the sub-project."""

import pytest
from django.urls import reverse

from ponte.network.models import Membership, Role
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import make_opening
from ponte.projects.models import SubProject
from ponte.projects.tests.conftest import make_subproject

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_draft(org_a, contact_a) -> Opening:
    return make_opening(org_a, contact_a, status=Opening.Status.DRAFT, title="Bozza di Alfa")


@pytest.fixture
def other_draft(company, tutor) -> Opening:
    return make_opening(company, tutor, status=Opening.Status.DRAFT, title="Bozza di Gamma")


@pytest.fixture
def open_opening(org_a, contact_a) -> Opening:
    """Open, and the lead's own: a sub-project links only its lead's and its partners' openings
    (test_small_counts.py)."""
    return make_opening(org_a, contact_a, title="Aiuto pastaio")


def subproject_data(**changes) -> dict:
    data = {
        "title": "Orto sociale",
        "description": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "status": SubProject.Status.PLANNED,
    }
    data.update(changes)
    return data


def offered(response) -> set[str]:
    return {opening.title for opening in response.context["form"].fields["openings"].queryset}


def test_the_form_offers_open_openings_and_the_own_drafts_only(
    client, contact_a, own_draft, other_draft, open_opening
):
    client.force_login(contact_a)
    response = client.get(reverse("projects:create"))
    assert offered(response) == {"Bozza di Alfa", "Aiuto pastaio"}
    assert "Bozza di Gamma" not in response.content.decode()


def test_the_host_links_its_own_draft(client, contact_a, own_draft, open_opening):
    client.force_login(contact_a)
    response = client.post(
        reverse("projects:create"), subproject_data(openings=[own_draft.pk, open_opening.pk])
    )
    assert response.status_code == 302
    subproject = SubProject.objects.get(title="Orto sociale")
    assert set(subproject.openings.all()) == {own_draft, open_opening}


def test_another_organisations_draft_cannot_be_linked(client, contact_a, other_draft):
    client.force_login(contact_a)
    response = client.post(reverse("projects:create"), subproject_data(openings=[other_draft.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["openings"]
    assert not SubProject.objects.exists()


def test_the_coordinator_does_not_see_a_linked_draft_and_keeps_the_link(
    client, coordinator, contact_a, org_a, own_draft, open_opening
):
    subproject = make_subproject(org_a)
    subproject.openings.set([own_draft, open_opening])
    client.force_login(coordinator)
    detail = client.get(reverse("projects:detail", args=[subproject.code]))
    assert "Bozza di Alfa" not in detail.content.decode()
    assert "Aiuto pastaio" in detail.content.decode()
    edit = reverse("projects:edit", args=[subproject.code])
    assert offered(client.get(edit)) == {"Aiuto pastaio"}
    response = client.post(
        edit,
        subproject_data(
            title="Orto sociale rinnovato",
            lead=org_a.pk,
            starts_on=subproject.starts_on.isoformat(),
            ends_on=subproject.ends_on.isoformat(),
            openings=[open_opening.pk],
        ),
    )
    assert response.status_code == 302
    subproject.refresh_from_db()
    assert subproject.title == "Orto sociale rinnovato"
    assert set(subproject.openings.all()) == {own_draft, open_opening}
    # The host still sees its draft on the page.
    client.force_login(contact_a)
    detail = client.get(reverse("projects:detail", args=[subproject.code]))
    assert "Bozza di Alfa" in detail.content.decode()


def test_a_member_of_another_organisation_does_not_see_a_linked_draft(
    client, contact_b, org_a, own_draft
):
    subproject = make_subproject(org_a)
    subproject.openings.set([own_draft])
    client.force_login(contact_b)
    detail = client.get(reverse("projects:detail", args=[subproject.code]))
    assert detail.status_code == 200
    assert "Bozza di Alfa" not in detail.content.decode()


def test_the_case_worker_who_wrote_a_draft_for_a_company_is_offered_it(
    client, make_user, org_b, company
):
    scout = make_user("operatore.beta", org_b, Role.CASE_WORKER)
    make_opening(company, scout, status=Opening.Status.DRAFT, title="Bozza scovata")
    client.force_login(scout)
    assert offered(client.get(reverse("projects:create"))) == {"Bozza scovata"}


def test_a_draft_whose_host_role_was_taken_away_is_no_longer_offered(
    client, contact_a, org_b, own_draft
):
    contact_a.memberships.update(is_active=False)
    Membership.objects.create(user=contact_a, organisation=org_b, role=Role.MEMBER_CONTACT)
    client.force_login(contact_a)
    assert "Bozza di Alfa" not in offered(client.get(reverse("projects:create")))
