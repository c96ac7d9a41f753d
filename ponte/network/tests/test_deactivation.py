"""The registry of what switching off does beyond the network (network/deactivation.py): every
callback runs for each role switched off, by itself or with its user or its organisation, and
not when a role is switched on."""

import pytest

from ponte.network import deactivation, services
from ponte.network.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def switched_off(monkeypatch):
    seen: list[Membership] = []
    monkeypatch.setattr(deactivation, "ON_DEACTIVATION", list(deactivation.ON_DEACTIVATION))
    deactivation.register_on_deactivation(seen.append)
    deactivation.register_on_deactivation(seen.append)  # once only
    return seen


def test_a_role_switched_off_runs_the_callbacks_once(switched_off, contact_a):
    membership = Membership.objects.get(user=contact_a)
    services.membership_set_active(membership=membership, active=False)
    assert switched_off == [membership]


def test_a_role_switched_on_runs_none(switched_off, contact_a):
    membership = Membership.objects.get(user=contact_a)
    services.membership_set_active(membership=membership, active=True)
    assert switched_off == []


def test_a_user_switched_off_runs_them_for_each_role(switched_off, two_roles):
    services.user_set_active(user=two_roles, active=False)
    assert {m.pk for m in switched_off} == set(
        Membership.objects.filter(user=two_roles).values_list("pk", flat=True)
    )
    two_roles.refresh_from_db()
    assert not two_roles.is_active


def test_an_organisation_switched_off_runs_them_for_its_roles(
    switched_off, org_a, contact_a, worker_a, contact_b
):
    services.organisation_set_active(organisation=org_a, active=False)
    assert {m.user for m in switched_off} == {contact_a, worker_a}


def test_the_api_registers_the_revocation_of_tokens():
    from ponte.api.services import revoke_tokens_of_membership

    assert revoke_tokens_of_membership in deactivation.ON_DEACTIVATION
