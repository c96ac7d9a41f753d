"""The data-protection officer sees what docs/privacy.md grants: the audit trail (browse and
export), the public pages and their own account; not the marketplace's exchanges or
members-only listings of their organisation, not the API nor its token page, not the tables or
the imports. Tested for a DPO of an organisation that HAS exchanges, listings and tokens (the
authorization matrix checks the other pages on the demo)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ponte.api.models import ApiToken, Scope
from ponte.api.services import token_create
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import make_exchange, make_listing
from ponte.network.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(make_user, org_a):
    return make_user("dpo.a", org_a, Role.DPO)


def test_the_dpo_browses_and_exports_the_audit_trail(client, dpo):
    client.force_login(dpo)
    assert client.get(reverse("network:audit")).status_code == 200
    assert client.get(reverse("network:audit_export")).status_code == 200


def test_the_dpo_does_not_reach_the_exchanges_of_their_organisation(
    client, dpo, org_a, org_b, contact_a, contact_b
):
    exchange = make_exchange(org_a, org_b, contact_a, confirmed=(True, False))
    client.force_login(dpo)
    assert client.get(reverse("marketplace:exchanges")).status_code == 403
    assert client.get(reverse("marketplace:exchange", args=[exchange.code])).status_code == 404
    confirm = reverse("marketplace:exchange_confirm", args=[exchange.code])
    assert client.post(confirm).status_code == 404
    exchange.refresh_from_db()
    assert exchange.receiver_confirmed_by is None
    # A colleague of the same organisation in another role still does.
    client.force_login(contact_a)
    assert client.get(reverse("marketplace:exchange", args=[exchange.code])).status_code == 200


def test_the_dpo_sees_the_marketplace_as_a_visitor_does(client, dpo, org_a, contact_a):
    members_only = make_listing(org_a, contact_a, visibility=Listing.Visibility.MEMBERS)
    closed = make_listing(org_a, contact_a, status=Listing.Status.CLOSED)
    public = make_listing(org_a, contact_a)
    client.force_login(dpo)
    assert client.get(reverse("marketplace:detail", args=[members_only.code])).status_code == 404
    assert client.get(reverse("marketplace:detail", args=[closed.code])).status_code == 404
    assert client.get(reverse("marketplace:detail", args=[public.code])).status_code == 200
    client.force_login(contact_a)
    assert client.get(reverse("marketplace:detail", args=[members_only.code])).status_code == 200


def test_the_dpo_has_no_api_token_page_and_makes_no_token(client, dpo):
    client.force_login(dpo)
    assert client.get("/account/api/").status_code == 403
    response = client.post("/account/api/", {"name": "x", "scopes": [Scope.EXCHANGES_READ]})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
    membership = Membership.objects.get(user=dpo)
    with pytest.raises(ValidationError):
        token_create(membership=membership, name="x", scopes=[Scope.EXCHANGES_READ], by=dpo)
    assert not ApiToken.objects.exists()
    home = client.get(reverse("network:dashboard")).content.decode()
    assert "/account/api/" not in home


def test_a_token_made_under_the_dpo_role_is_refused(client, dpo, org_a, org_b, contact_a):
    """A token made before this rule (straight in the database here) no longer works."""
    make_exchange(org_a, org_b, contact_a)
    token, secret = make_token(contact_a, [Scope.EXCHANGES_READ])
    assert client.get("/api/v1/me/exchanges", **bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(membership=Membership.objects.get(user=dpo))
    assert client.get("/api/v1/me/exchanges", **bearer(secret)).status_code == 401


def test_the_dpo_can_still_revoke_nothing_of_someone_else(client, dpo, contact_a):
    token, _secret = make_token(contact_a)
    client.force_login(dpo)
    assert client.post(f"/account/api/{token.code}/revoca/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "name",
    [
        "governance:tables",
        "governance:decisions",
        "governance:my_actions",
        "governance:calendar",
        "reports:imports",
    ],
)
def test_the_dpo_has_no_page_of_the_tables_or_the_imports(client, dpo, contact_a, name):
    client.force_login(dpo)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(contact_a)
    assert client.get(reverse(name)).status_code == 200


def test_a_user_with_another_role_acting_in_it_keeps_the_pages(client, make_user, org_a, org_b):
    """The rule follows the acting role: a DPO who is also a member contact elsewhere, acting
    as member contact, makes tokens as any member contact does."""
    user = make_user("dpo.e.referente", org_a, Role.DPO)
    contact = Membership.objects.create(user=user, organisation=org_b, role=Role.MEMBER_CONTACT)
    client.force_login(user)
    client.post(reverse("network:switch_organisation"), {"membership": contact.code})
    assert client.get("/account/api/").status_code == 200
    client.post("/account/api/", {"name": "Negozio", "scopes": [Scope.LISTINGS_READ]})
    assert ApiToken.objects.get().membership == contact
