"""A role taken away leaves nothing behind (docs/privacy.md, "Access follows active roles").

For each demo account that owns objects of the matrix, the role that owns them is deactivated
while the same user keeps the same kind of role at another organisation (the Cassa Rurale), as
the case worker of two cooperatives of the finding did: signed in again, every page the matrix
opens to the owner (200) must answer exactly as it answers a stranger who only ever held that
role there. And the session opened before the deactivation ends at its next request.
"""

from typing import Any

import pytest
from django.test import Client

from tests.security.matrix import ACCOUNTS, IDENTITIES, RULES
from tests.security.test_authorization_matrix import fresh_api_window, outcome, url_of

pytestmark = pytest.mark.django_db

KEPT_ROLE_AT = "Cassa Rurale di Fiemme"

# The identity whose column of the matrix reads the owner's pages → its demo account.
OWNERS = {
    "case_worker": ACCOUNTS["case_worker"],
    "referrer": ACCOUNTS["referrer"],
    "company_tutor": ACCOUNTS["company_tutor"],
    "member_contact": ACCOUNTS["member_contact"],
    "table_member": ACCOUNTS["table_member"],
    "coordinator": ACCOUNTS["coordinator"],
}
assert set(OWNERS) <= set(IDENTITIES)


def with_the_role_taken_away(username: str) -> tuple[Any, Any]:
    """(the account, with its roles deactivated and the same role kept at another organisation;
    a stranger holding only that role there)."""
    from ponte.network.models import Membership, Organisation, User

    kept_at = Organisation.objects.get(name=KEPT_ROLE_AT)
    user = User.objects.get(username=username)
    role = user.memberships.get().role
    user.memberships.update(is_active=False)
    Membership.objects.create(user=user, organisation=kept_at, role=role)
    stranger = User.objects.create(username=f"estraneo.{username}")
    Membership.objects.create(user=stranger, organisation=kept_at, role=role)
    return user, stranger


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("identity", list(OWNERS))
def test_a_role_taken_away_answers_every_page_as_for_a_stranger(demo, identity):
    user, stranger = with_the_role_taken_away(OWNERS[identity])
    former, other = client_of(user), client_of(stranger)
    differences = {}
    for rule in RULES:
        if rule.expected[identity] != 200:
            continue
        url = url_of(demo, rule)
        fresh_api_window(rule)
        theirs = outcome(former.get(url))
        fresh_api_window(rule)
        strangers = outcome(other.get(url))
        if theirs != strangers:
            differences[url] = (theirs, strangers)
    assert not differences, f"{identity}: (the former owner, a stranger) {differences}"


@pytest.mark.parametrize("identity", ["case_worker", "table_member"])
def test_the_session_of_a_role_taken_away_ends(demo, identity):
    from ponte.network.models import User

    client = Client()
    client.force_login(User.objects.get(username=OWNERS[identity]))
    assert client.get("/area-personale/").status_code == 200
    with_the_role_taken_away(OWNERS[identity])
    assert outcome(client.get("/area-personale/")) == "login"
