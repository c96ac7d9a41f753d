"""Exchanges: recorded from an accepted answer (pre-filled) or directly; the recorder's side is
confirmed at once and the other side is notified; each side's member contact confirms their own
side; an exchange counts in the figures only once both sides have confirmed it."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from ponte.core.tests.helpers import italian, redirected_to_login
from ponte.marketplace import selectors, services
from ponte.marketplace.models import Answer, Exchange, Listing
from ponte.marketplace.tests.market_helpers import (
    EXCHANGES,
    NEW_EXCHANGE,
    confirm_url,
    exchange_page,
    make_exchange,
    make_listing,
)
from ponte.network.models import Notification, Role


def exchange_data(giver, receiver, **changes) -> dict:
    data = {
        "giver": giver.pk,
        "receiver": receiver.pk,
        "what": "Dieci dozzine di uova",
        "value": "45.00",
        "exchanged_on": date.today().isoformat(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def accepted(org_a, contact_a, org_b, contact_b, municipalities) -> Answer:
    listing = make_listing(org_a, contact_a, title="Uova fresche")
    answer = services.answer_create(
        listing=listing, organisation=org_b, by=contact_b, message="Dieci dozzine"
    )
    return services.answer_decide(answer=answer, by=contact_a, accept=True)


def test_an_accepted_answer_prefills_the_exchange(client, accepted, contact_b, org_a, org_b):
    client.force_login(contact_b)
    response = client.get(f"{NEW_EXCHANGE}?risposta={accepted.code}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["giver"].value() == org_a.pk  # the author of the offer gives
    assert form["receiver"].value() == org_b.pk
    assert form["what"].value() == "Uova fresche"
    assert Decimal(form["value"].value()) == Decimal("4.50")
    response = client.post(f"{NEW_EXCHANGE}?risposta={accepted.code}", exchange_data(org_a, org_b))
    exchange = Exchange.objects.get()
    assert response.url == exchange_page(exchange)
    assert (exchange.listing, exchange.answer) == (accepted.listing, accepted)
    # The recorder (the receiver) has confirmed their side; the giver has not.
    assert exchange.receiver_confirmed_by == contact_b
    assert exchange.giver_confirmed_at is None


def test_an_answer_to_a_request_makes_the_answering_organisation_the_giver(
    org_a, contact_a, org_b, contact_b
):
    listing = make_listing(org_a, contact_a, direction=Listing.Direction.REQUEST)
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="x")
    initial = services.exchange_initial(answer)
    assert (initial["giver"], initial["receiver"]) == (org_b, org_a)


def test_the_other_side_is_notified_and_confirms(client, contact_a, contact_b, org_a, org_b):
    client.force_login(contact_a)
    response = client.post(NEW_EXCHANGE, exchange_data(org_a, org_b))
    exchange = Exchange.objects.get()
    assert response.status_code == 302
    assert exchange.giver_confirmed_by == contact_a
    assert not exchange.is_confirmed
    assert Notification.objects.filter(recipient=contact_b, url=exchange_page(exchange)).exists()
    assert not Notification.objects.filter(recipient=contact_a).exists()
    client.force_login(contact_b)
    page = client.get(exchange_page(exchange)).content.decode()
    assert 'name="side" value="receiver"' in page
    assert 'value="giver"' not in page
    client.post(confirm_url(exchange), {"side": "receiver"})
    exchange.refresh_from_db()
    assert exchange.is_confirmed
    assert exchange.receiver_confirmed_by == contact_b
    expected = italian("The exchange “%(what)s” is confirmed by both sides: it now counts.") % {
        "what": exchange.what
    }
    assert list(
        Notification.objects.filter(recipient=contact_a).values_list("text", flat=True)
    ) == [expected]


def test_an_exchange_counts_only_when_both_sides_confirmed(contact_a, contact_b, org_a, org_b):
    exchange = Exchange(
        giver=org_a,
        receiver=org_b,
        what="Uova",
        value=Decimal("120"),
        exchanged_on=date.today(),
    )
    services.exchange_record(exchange=exchange, by=contact_a, for_organisation=org_a)
    year, twelve = selectors.marketplace_figures()["periods"]
    assert (year.value, year.exchanges, twelve.value) == (0, 0, 0)
    services.exchange_confirm(exchange=exchange, side=Exchange.Side.RECEIVER, by=contact_b)
    year, twelve = selectors.marketplace_figures()["periods"]
    assert (year.value, year.exchanges, twelve.value) == (Decimal("120"), 1, Decimal("120"))
    # Org B (type A cooperative) received everything; org A (type B) supplied everything.
    assert year.received_by_coops_share == Decimal("100.0")
    assert year.given_by_coops_share == Decimal("100.0")


# On a leap day the twelve months run from 1 March: 28 February of last year is out of them.
@pytest.mark.time_machine(datetime(2028, 2, 29, 10, tzinfo=UTC))
def test_the_figures_split_by_period_and_count_gifts(
    contact_a, org_a, org_b, company, municipalities
):
    today = date(2028, 2, 29)
    make_exchange(org_a, company, contact_a, value="100", exchanged_on=today)
    make_exchange(company, org_b, contact_a, value="300", exchanged_on=today)
    make_exchange(org_a, org_b, contact_a, value="0", is_gift=True, exchanged_on=today)
    make_exchange(org_a, company, contact_a, value="50", confirmed=(True, False))
    make_exchange(org_a, company, contact_a, value="1000", exchanged_on=date(2027, 2, 28))
    # Last year's 31 December is in the twelve months, not in this year.
    make_exchange(org_a, company, contact_a, value="7", exchanged_on=date(2027, 12, 31))
    year, twelve = selectors.marketplace_figures(today)["periods"]
    assert (year.value, year.exchanges, year.gifts) == (Decimal("400"), 3, 1)
    assert year.received_by_coops_share == Decimal("75.0")
    assert year.given_by_coops_share == Decimal("25.0")
    assert twelve.value == Decimal("407")


def test_the_marketplace_page_shows_the_figures(client, contact_a, org_a, org_b, municipalities):
    make_exchange(org_a, org_b, contact_a, value="1234.5")
    make_exchange(org_a, org_b, contact_a, value="99", confirmed=(False, True))
    client.force_login(contact_a)
    html = client.get("/mercato/").content.decode()
    assert italian("The marketplace in figures") in html
    assert "1234,50 €" in html
    assert "1333,50" not in html


def test_a_gift_listing_makes_an_exchange_worth_nothing(client, org_a, contact_a, org_b, contact_b):
    listing = make_listing(org_a, contact_a, mode=Listing.Mode.GIFT, price=None)
    answer = services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="x")
    services.answer_decide(answer=answer, by=contact_a, accept=True)
    client.force_login(contact_a)
    url = f"{NEW_EXCHANGE}?risposta={answer.code}"
    assert "value" not in client.get(url).context["form"].fields
    client.post(url, exchange_data(org_a, org_b, value="500"))
    exchange = Exchange.objects.get()
    assert (exchange.value, exchange.is_gift) == (0, True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "-5"}, "value", "The value cannot be negative."),
        (
            {"exchanged_on": (date.today() + timedelta(days=1)).isoformat()},
            "exchanged_on",
            "The date cannot be in the future.",
        ),
        ({"is_gift": "on", "value": "10"}, "value", "A gift is worth 0 €."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    client, contact_a, org_a, org_b, changes, field, message
):
    client.force_login(contact_a)
    response = client.post(NEW_EXCHANGE, exchange_data(org_a, org_b, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [italian(message)]
    assert not Exchange.objects.exists()


def test_the_same_organisation_on_both_sides_is_refused(client, contact_a, org_a):
    client.force_login(contact_a)
    response = client.post(NEW_EXCHANGE, exchange_data(org_a, org_a))
    assert response.context["form"].errors["receiver"]
    assert not Exchange.objects.exists()


def test_a_member_contact_records_only_exchanges_of_their_organisation(
    client, contact_a, org_b, company
):
    client.force_login(contact_a)
    response = client.post(NEW_EXCHANGE, exchange_data(org_b, company))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        italian("Your organisation must be the one that gave or the one that received.")
    ]
    assert not Exchange.objects.exists()


def test_the_coordinator_records_for_two_organisations_and_confirms_either_side(
    client, coordinator, contact_a, contact_b, org_a, org_b
):
    client.force_login(coordinator)
    client.post(NEW_EXCHANGE, exchange_data(org_a, org_b))
    exchange = Exchange.objects.get()
    assert (exchange.giver_confirmed_at, exchange.receiver_confirmed_at) == (None, None)
    assert Notification.objects.filter(recipient__in=[contact_a, contact_b]).count() == 2
    client.post(confirm_url(exchange), {"side": "giver"})
    exchange.refresh_from_db()
    assert exchange.giver_confirmed_by == coordinator


def test_who_may_see_and_confirm_an_exchange(
    client, contact_a, contact_b, org_a, org_b, worker_a, company, make_user
):
    exchange = make_exchange(org_a, org_b, contact_a, confirmed=(True, False))
    outsider = make_user("referente.gamma", company, Role.MEMBER_CONTACT)
    client.force_login(outsider)
    assert client.get(exchange_page(exchange)).status_code == 404
    assert client.post(confirm_url(exchange), {"side": "receiver"}).status_code == 404
    client.force_login(worker_a)  # A's case worker sees it, may not confirm
    assert client.get(exchange_page(exchange)).status_code == 200
    assert client.post(confirm_url(exchange), {"side": "receiver"}).status_code == 403
    client.force_login(contact_a)  # A may not confirm B's side, nor its own twice
    assert client.post(confirm_url(exchange), {"side": "receiver"}).status_code == 403
    assert client.post(confirm_url(exchange), {"side": "giver"}).status_code == 403
    exchange.refresh_from_db()
    assert exchange.receiver_confirmed_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, contact_a, org_a, org_b):
    exchange = make_exchange(org_a, org_b, contact_a)
    for url in (EXCHANGES, NEW_EXCHANGE, exchange_page(exchange)):
        assert redirected_to_login(client.get(url), url)


def test_the_exchanges_page_lists_those_of_the_organisation(
    client, contact_a, org_a, org_b, company, django_assert_max_num_queries
):
    make_exchange(org_a, org_b, contact_a, what="Nostro")
    make_exchange(org_b, company, contact_a, what="Altrui")
    client.force_login(contact_a)
    response = client.get(EXCHANGES)
    html = response.content.decode()
    assert "Nostro" in html and "Altrui" not in html
    for number in range(30):
        make_exchange(org_a, org_b, contact_a, what=f"Scambio {number}")
    with django_assert_max_num_queries(12):
        client.get(EXCHANGES)


def test_an_answer_of_other_organisations_cannot_prefill(client, accepted, company, make_user):
    client.force_login(make_user("referente.gamma", company, Role.MEMBER_CONTACT))
    assert client.get(f"{NEW_EXCHANGE}?risposta={accepted.code}").status_code == 404
