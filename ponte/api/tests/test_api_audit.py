"""Changes through the API are in the audit trail with their author: the token's user as the
actor, and the token's organisation and prefix in the entry's data, as a change made in the
pages records the organisation the user acts for."""

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from ponte.api.models import Scope
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.api.tests.test_me_listings import body as listing_body
from ponte.api.tests.test_me_openings import body as opening_body
from ponte.marketplace.models import Exchange, Listing
from ponte.marketplace.tests.market_helpers import make_exchange, make_listing
from ponte.openings.models import Opening

pytestmark = pytest.mark.django_db


def entries_of(model: type, pk: int) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk
        ).order_by("id")
    )


def assert_by(entry: LogEntry, user, organisation, token) -> None:
    assert entry.actor == user
    assert entry.additional_data["organisation"] == organisation.code
    assert entry.additional_data["organisation_name"] == organisation.name
    assert entry.additional_data["api_token"] == token.prefix


def send(client, method: str, url: str, secret: str, data: object = None):
    payload = "" if data is None else data
    return getattr(client, method)(url, payload, content_type="application/json", **bearer(secret))


def test_listing_changes_through_the_api_name_their_author(client, org_a, contact_a):
    token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    created = send(client, "post", "/api/v1/me/listings", secret, listing_body())
    assert created.status_code == 201, created.content
    listing = Listing.objects.get()
    changed = send(
        client, "put", f"/api/v1/me/listings/{listing.code}", secret, listing_body(title="Miele")
    )
    assert changed.status_code == 200
    closed = send(client, "post", f"/api/v1/me/listings/{listing.code}/close", secret)
    assert closed.status_code == 200
    entries = entries_of(Listing, listing.pk)
    assert [e.action for e in entries][:1] == [LogEntry.Action.CREATE]
    assert len(entries) >= 3
    for entry in entries:
        assert_by(entry, contact_a, org_a, token)


def test_opening_changes_through_the_api_name_their_author(client, company, tutor):
    token, secret = make_token(tutor, [Scope.OPENINGS_WRITE])
    created = send(client, "post", "/api/v1/me/openings", secret, opening_body())
    assert created.status_code == 201, created.content
    opening = Opening.objects.get()
    status = send(
        client,
        "post",
        f"/api/v1/me/openings/{opening.code}/status",
        secret,
        json.dumps({"to": "open"}),
    )
    assert status.status_code == 200, status.content
    entries = entries_of(Opening, opening.pk)
    assert len(entries) >= 2
    for entry in entries:
        assert_by(entry, tutor, company, token)


def test_an_exchange_confirmed_through_the_api_names_its_author(
    client, org_a, org_b, contact_a, contact_b
):
    exchange = make_exchange(org_b, org_a, contact_b, confirmed=(True, False))
    before = len(entries_of(Exchange, exchange.pk))
    token, secret = make_token(contact_a, [Scope.EXCHANGES_WRITE])
    response = send(client, "post", f"/api/v1/me/exchanges/{exchange.code}/confirm", secret)
    assert response.status_code == 200
    entries = entries_of(Exchange, exchange.pk)[before:]
    assert entries
    for entry in entries:
        assert_by(entry, contact_a, org_a, token)


def test_the_signed_in_browser_is_not_the_author_of_a_token_call(
    client, org_a, contact_a, contact_b
):
    """The API ignores the session: a call with A's token from a browser signed in as B is A's."""
    listing = make_listing(org_a, contact_a)
    token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    client.force_login(contact_b)
    response = send(client, "post", f"/api/v1/me/listings/{listing.code}/close", secret)
    assert response.status_code == 200
    last = entries_of(Listing, listing.pk)[-1]
    assert_by(last, contact_a, org_a, token)


def test_a_refused_call_writes_nothing_in_the_trail(client, org_a, contact_a, worker_a):
    listing = make_listing(org_a, contact_a)
    before = LogEntry.objects.count()
    _token, secret = make_token(worker_a, [Scope.LISTINGS_WRITE])  # a case worker: 403
    response = send(client, "post", f"/api/v1/me/listings/{listing.code}/close", secret)
    assert response.status_code == 403
    # Only the token itself was recorded when it was made.
    assert LogEntry.objects.count() == before + 1


def test_a_change_made_in_the_pages_records_the_acting_organisation(client, org_a, contact_a):
    listing = make_listing(org_a, contact_a)
    client.force_login(contact_a)
    response = client.post(f"/mercato/{listing.code}/stato/", {"status": "closed"})
    assert response.status_code == 302
    last = entries_of(Listing, listing.pk)[-1]
    assert last.actor == contact_a
    assert last.additional_data["organisation"] == org_a.code
    assert "api_token" not in last.additional_data
