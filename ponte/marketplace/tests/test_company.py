"""The company panel /mercato/azienda/: a company's Law 68/1999 quota and the value of its
confirmed orders to type B and A+B cooperatives this year, with the sources; for the company's
member contact and for the coordinator, who chooses the company."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ponte.core.tests.helpers import italian, redirected_to_login
from ponte.marketplace.models import Organisation
from ponte.marketplace.tests.market_helpers import COMPANY, make_exchange
from ponte.network.models import Role


@pytest.fixture
def company_contact(make_user, company):
    return make_user("referente.gamma", company, Role.MEMBER_CONTACT)


# "This year" is the calendar year: on a leap day, an order of 31 December does not count.
@pytest.mark.time_machine(datetime(2028, 2, 29, 10, tzinfo=UTC))
def test_a_company_contact_sees_the_quota_the_orders_and_the_sources(
    client, company_contact, company, org_a, org_b, coordination
):
    # Company: 40 employees. Org A: type B; coordination: type A+B; org B: type A.
    make_exchange(org_a, company, company_contact, value="1000")
    make_exchange(coordination, company, company_contact, value="500.50")
    make_exchange(org_b, company, company_contact, value="9000")  # type A: not an order of art. 14
    make_exchange(org_a, company, company_contact, value="0", is_gift=True)
    make_exchange(org_a, company, company_contact, value="300", confirmed=(True, False))
    make_exchange(
        org_a,
        company,
        company_contact,
        value="700",
        exchanged_on=date(2027, 12, 31),
    )
    make_exchange(company, org_a, company_contact, value="80")  # the company gave
    client.force_login(company_contact)
    response = client.get(COMPANY)
    assert response.status_code == 200
    assert response.context["quota"] == 2
    orders = response.context["orders"]
    assert (orders["value"], orders["count"]) == (1500.50, 2)
    assert (orders["waiting_value"], orders["waiting_count"]) == (300, 1)
    assert [row["giver__name"] for row in orders["by_cooperative"]] == [
        org_a.name,
        coordination.name,
    ]
    html = response.content.decode()
    assert "1500,50 €" in html
    assert italian("Information, not legal advice.") in html
    assert "normattiva.it" in html
    assert "276" in html and "~art14" in html


def test_a_bank_has_its_quota_too(client, make_organisation, make_user):
    bank = make_organisation("Cassa Rurale", kind=Organisation.Kind.BANK, employees=110)
    client.force_login(make_user("referente.banca", bank, Role.MEMBER_CONTACT))
    assert client.get(COMPANY).context["quota"] == 8  # 7.70


def test_an_unknown_number_of_employees_is_said(client, company, company_contact):
    Organisation.objects.filter(pk=company.pk).update(employees=None)
    client.force_login(company_contact)
    html = client.get(COMPANY).content.decode()
    assert (
        italian(
            "The number of employees is not recorded in the directory: "
            "the quota cannot be computed."
        )
        in html
    )


def test_the_coordinator_chooses_a_company(client, coordinator, company, org_a):
    client.force_login(coordinator)
    response = client.get(COMPANY)
    assert response.status_code == 200
    assert response.context["employer"] is None
    assert italian("Choose a company to see its quota and its orders.") in response.content.decode()
    response = client.get(f"{COMPANY}?organisation={company.code}")
    assert response.context["employer"] == company
    assert client.get(f"{COMPANY}?organisation={org_a.code}").status_code == 404


@pytest.mark.parametrize("user", ["contact_a", "tutor", "worker_a", "nobody"])
def test_others_get_403(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(COMPANY).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(COMPANY), COMPANY)


def test_orders_of_the_last_days_of_last_year_do_not_count(client, company, company_contact, org_a):
    new_year = date(date.today().year, 1, 1)
    make_exchange(org_a, company, company_contact, value="10", exchanged_on=new_year - timedelta(1))
    client.force_login(company_contact)
    assert client.get(COMPANY).context["orders"]["count"] == 0


def test_the_marketplace_leads_companies_and_the_coordinator_to_the_panel(
    client, company_contact, contact_a, coordinator
):
    for user, shown in ((company_contact, True), (coordinator, True), (contact_a, False)):
        client.force_login(user)
        assert (f'href="{COMPANY}"' in client.get("/mercato/").content.decode()) is shown
