"""The openings and proposals of the demo district (ponte/matching/demo.py)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from ponte.network.models import Notification
from ponte.pathways.models import Consent, Opening, Placement, Proposal
from ponte.pathways.selectors import has_consent


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


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


def test_tutors_find_their_notifications(demo):
    assert Notification.objects.filter(recipient__username="tutor.felicetti").exists()
    assert Notification.objects.filter(recipient__username="operatore.oltre").exists() or (
        Notification.objects.filter(recipient__username="operatore.lerais").exists()
    )
