"""The openings and proposals of the demo district (ponte/matching/demo.py)."""

from datetime import date

import pytest

from ponte.matching.models import Proposal
from ponte.network.models import Notification
from ponte.openings.models import Opening
from ponte.pathways.models import Consent, Placement
from ponte.pathways.selectors import has_consent

pytestmark = pytest.mark.django_db


def test_the_named_companies_and_the_cooperatives_publish_openings(demo):
    hosts = set(Opening.objects.values_list("host__name", flat=True))
    assert {"Pastificio Felicetti", "Famiglia Cooperativa Fiemme", "Fiemme 3000"} <= hosts
    assert any(name.startswith("Cooperativa sociale") for name in hosts)
    assert set(Opening.objects.values_list("status", flat=True)) == set(Opening.Status.values)


def test_proposals_are_in_every_state(demo):
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    placed = Placement.objects.filter(opening__isnull=False)
    assert {Placement.Status.PROPOSED, Placement.Status.ACCEPTED, Placement.Status.ACTIVE} <= set(
        placed.values_list("status", flat=True)
    )


def test_every_proposal_respects_the_consent_and_the_places(demo):
    for proposal in Proposal.objects.exclude(status=Proposal.Status.WITHDRAWN):
        assert has_consent(proposal.person, Consent.Purpose.COMPANIES)
        assert proposal.person.level.number >= proposal.opening.min_level.number
    for opening in Opening.objects.all():
        taken = opening.placements.filter(status__in=Placement.OCCUPYING).count()
        assert taken <= opening.places


@pytest.mark.parametrize(
    ("tutor", "case_worker", "company"),
    [
        ("tutor.felicetti", "operatore.oltre", "Pastificio Felicetti"),
        ("tutor.famcoop", "operatore.lerais", "Famiglia Cooperativa Fiemme"),
    ],
)
def test_every_demo_tutor_and_case_worker_has_an_active_placement_in_a_company(
    demo, tutor, case_worker, company
):
    """What the README promises (and the authorization matrix reads): by construction, not by
    what the ranking happens to choose on the day the demo is loaded."""
    active = Placement.objects.filter(
        status=Placement.Status.ACTIVE,
        host__name=company,
        host__kind="company",
        opening__tutor__username=tutor,
        person__case_manager__username=case_worker,
    )
    assert active.count() == 1
    placement = active.get()
    assert placement.actual_start is not None and placement.actual_start < date.today()
    # The tutor has recorded the weeks so far.
    assert placement.attendance.filter(recorded_by__username=tutor).exists()
    assert placement.attendance.order_by("-day").first().day < date.today()


def test_tutors_find_their_notifications(demo):
    assert Notification.objects.filter(recipient__username="tutor.felicetti").exists()
    assert Notification.objects.filter(recipient__username="operatore.oltre").exists() or (
        Notification.objects.filter(recipient__username="operatore.lerais").exists()
    )
