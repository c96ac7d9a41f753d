"""Switching off a role, a user or an organisation revokes the API tokens acting through it
(revoked_at is set), so that switching it on again does not bring them back; the revocation is
in the audit trail."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from ponte.api.models import ApiToken
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.network import services as network_services
from ponte.network.models import Membership, Role

pytestmark = pytest.mark.django_db


def revoked(token: ApiToken) -> bool:
    token.refresh_from_db()
    return token.revoked_at is not None


def test_the_coordinator_switching_a_role_off_revokes_its_tokens(
    client, coordinator, contact_a, contact_b
):
    token, secret = make_token(contact_a)
    other, _other_secret = make_token(contact_b)
    membership = Membership.objects.get(user=contact_a)
    client.force_login(coordinator)
    url = reverse("network:membership_set_active", kwargs={"code": membership.code})
    assert client.post(url, {"active": "0"}).status_code == 302
    assert revoked(token)
    assert not revoked(other)
    # Switched on again, the role works; its old token does not.
    assert client.post(url, {"active": "1"}).status_code == 302
    client.logout()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401
    assert revoked(token)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ApiToken), object_id=token.pk
    ).latest("id")
    assert "revoked_at" in entry.changes_dict and entry.actor == coordinator


def test_switching_on_a_role_revokes_nothing(contact_a):
    token, _secret = make_token(contact_a)
    membership = Membership.objects.get(user=contact_a)
    network_services.membership_set_active(membership=membership, active=True)
    assert not revoked(token)


def test_a_refused_deactivation_revokes_nothing(client, coordinator):
    """The coordinator cannot switch off the role they act in: their tokens stay."""
    token, _secret = make_token(coordinator)
    membership = Membership.objects.get(user=coordinator)
    client.force_login(coordinator)
    url = reverse("network:membership_set_active", kwargs={"code": membership.code})
    client.post(url, {"active": "0"})
    assert not revoked(token)


def test_someone_else_cannot_switch_a_role_off(client, contact_b, contact_a):
    token, _secret = make_token(contact_a)
    membership = Membership.objects.get(user=contact_a)
    client.force_login(contact_b)
    url = reverse("network:membership_set_active", kwargs={"code": membership.code})
    assert client.post(url, {"active": "0"}).status_code == 403
    assert not revoked(token)


def test_a_user_switched_off_in_the_admin_loses_every_token(
    client, staff_user, two_roles, org_a, org_b
):
    tokens = [
        network_services_token(two_roles, membership)
        for membership in Membership.objects.filter(user=two_roles)
    ]
    assert len(tokens) == 2
    client.force_login(staff_user)
    url = reverse("admin:network_user_change", args=[two_roles.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("is_active", "groups", "user_permissions")
    }
    data.update({"username": two_roles.username, "date_joined_0": "2028-01-01"})
    data.update({"date_joined_1": "10:00:00", "last_login_0": "", "last_login_1": ""})
    inline = client.get(url).context["inline_admin_formsets"][0].formset
    data.update(_inline_data(inline))
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    two_roles.refresh_from_db()
    assert not two_roles.is_active
    assert all(revoked(token) for token in tokens)


def test_a_role_switched_off_in_the_admin_loses_its_tokens(client, staff_user, contact_a, org_a):
    token, _secret = make_token(contact_a)
    membership = Membership.objects.get(user=contact_a)
    client.force_login(staff_user)
    url = reverse("admin:network_membership_change", args=[membership.pk])
    response = client.post(
        url, {"user": contact_a.pk, "organisation": org_a.pk, "role": Role.MEMBER_CONTACT}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert revoked(token)


def test_the_user_service_revokes_every_role_and_an_organisation_its_members(
    contact_a, worker_a, contact_b, org_a
):
    mine, _secret = make_token(contact_a)
    colleague, _other = make_token(worker_a)
    elsewhere, _third = make_token(contact_b)
    network_services.user_set_active(user=contact_a, active=False)
    assert revoked(mine) and not revoked(colleague)
    network_services.organisation_set_active(organisation=org_a, active=False)
    assert revoked(colleague)
    assert not revoked(elsewhere)


def network_services_token(user, membership) -> ApiToken:
    from ponte.api.services import token_create

    return token_create(
        membership=membership, name=f"Token {membership.pk}", scopes=["listings:read"], by=user
    ).token


def _inline_data(formset) -> dict[str, object]:
    data: dict[str, object] = {
        f"{formset.prefix}-TOTAL_FORMS": len(formset.forms),
        f"{formset.prefix}-INITIAL_FORMS": len(formset.forms),
        f"{formset.prefix}-MIN_NUM_FORMS": 0,
        f"{formset.prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        membership = form.instance
        data.update(
            {
                f"{formset.prefix}-{index}-id": membership.pk,
                f"{formset.prefix}-{index}-user": membership.user_id,
                f"{formset.prefix}-{index}-organisation": membership.organisation_id,
                f"{formset.prefix}-{index}-role": membership.role,
                f"{formset.prefix}-{index}-is_active": "on",
            }
        )
    return data
