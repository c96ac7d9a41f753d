"""Journeys through the network pages in a real browser, each page checked with axe-core.

The interface is translated while these tests are written, so they find elements by address,
name attribute, id or role, and compare only texts that come from the data (organisation names),
never translated wording.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from ponte.network.demo import DISTRICT, ORGANISATIONS
from ponte.network.models import Membership, Municipality, Organisation
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser

NAVIGATION = "#main-navigation"


def nav_link(page: Page, url_name: str) -> Locator:
    return page.locator(f"{NAVIGATION} a[href='{reverse(url_name)}']")


def switch_language(page: Page, code: str) -> None:
    """Choose a language with the header's switcher: a list of links or a select with a button."""
    switcher = page.locator(".lang-switcher")
    select = switcher.locator("select[name=language]")
    with page.expect_navigation():
        if select.count():
            select.select_option(code)
            switcher.locator("button[type=submit]").click()
        else:
            switcher.locator(f"a[hreflang='{code}']").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_visitor_explores_the_district(page: Page, demo_district: str) -> None:
    page.goto(demo_district + "/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    check_accessibility(page, context="(home)")
    expect(page.get_by_role("heading", level=1)).to_have_text(DISTRICT["name"])
    members = page.locator("section[aria-labelledby=members-title]")
    member_names = [o["name"] for o in ORGANISATIONS if "relation" not in o]
    for name in member_names:
        expect(members.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(members.locator("li > a")).to_have_count(len(member_names))
    expect(page.locator("#members-title")).to_contain_text(str(len(member_names)))

    nav_link(page, "network:directory").click()
    page.wait_for_url(f"**{reverse('network:directory')}")
    expect(nav_link(page, "network:directory")).to_have_attribute("aria-current", "page")
    check_accessibility(page, context="(directory)")

    search = page.get_by_role("search")
    search.locator("select[name=kind]").select_option(Organisation.Kind.COMPANY.value)
    search.locator("select[name=valley]").select_option("fiemme")
    search.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "kind=company" in url and "valley=fiemme" in url)
    check_accessibility(page, context="(directory filtered by kind and valley)")
    expect(search.locator("select[name=kind]")).to_have_value("company")
    expect(search.locator("select[name=valley]")).to_have_value("fiemme")

    expected = sorted(
        Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY,
            municipality__valley__code="fiemme",
            is_public=True,
            is_active=True,
        ).values_list("name", flat=True)
    )
    assert expected == ["Famiglia Cooperativa Fiemme", "Fiemme 3000", "Pastificio Felicetti"]
    results = page.locator("section[aria-labelledby=results-title] h3 a")
    expect(results).to_have_text(expected)

    felicetti = Organisation.objects.get(name="Pastificio Felicetti")
    results.filter(has_text="Pastificio Felicetti").click()
    page.wait_for_url(f"**{reverse('network:organisation', args=[felicetti.code])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pastificio Felicetti")
    expect(page.get_by_role("main")).to_contain_text(felicetti.vat_number)
    check_accessibility(page, context="(organisation page)")

    switch_language(page, "en")
    assert page.url.endswith(reverse("network:organisation", args=[felicetti.code]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pastificio Felicetti")
    switch_language(page, "lld")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pastificio Felicetti")


def test_case_worker_switches_organisation(page: Page, demo_district: str) -> None:
    sign_in(page, demo_district, "operatore.lerais", check=True)
    assert page.url.endswith(reverse("network:dashboard"))
    check_accessibility(page, context="(personal area)")
    acting_for = page.locator("main .lead")
    expect(acting_for).to_contain_text("Cooperativa sociale Le Rais")

    terre_altre = Membership.objects.get(
        user__username="operatore.lerais", organisation__name="Cooperativa sociale Terre Altre"
    )
    switcher = page.locator("form.org-switcher")
    expect(switcher.locator("select[name=membership] option")).to_have_count(2)
    switcher.locator("select[name=membership]").select_option(terre_altre.code)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()
    assert page.url.endswith(reverse("network:dashboard"))
    expect(page.get_by_role("status").first).to_contain_text("Cooperativa sociale Terre Altre")
    expect(acting_for).to_contain_text("Cooperativa sociale Terre Altre")
    expect(acting_for).not_to_contain_text("Le Rais")
    expect(page.locator("select[name=membership]")).to_have_value(terre_altre.code)

    nav_link(page, "network:directory").click()
    page.wait_for_url(f"**{reverse('network:directory')}")
    expect(page.locator("select[name=membership]")).to_have_value(terre_altre.code)
    expect(
        page.locator("section[aria-labelledby=results-title]").get_by_role(
            "link", name="Cooperativa sociale Terre Altre", exact=True
        )
    ).to_be_visible()
    check_accessibility(page, context="(directory, signed in)")


def test_coordinator_creates_and_deactivates_an_organisation(
    page: Page, demo_district: str
) -> None:
    name = "Bottega del commercio equo di Fassa"
    sign_in(page, demo_district, "coordinatore")

    nav_link(page, "network:manage").click()
    page.wait_for_url(f"**{reverse('network:manage')}")
    check_accessibility(page, context="(manage the network)")

    page.locator(f"main a[href='{reverse('network:organisation_create')}']").click()
    page.wait_for_url(f"**{reverse('network:organisation_create')}")
    check_accessibility(page, context="(new organisation form)")

    form = page.locator("main form[method=post]")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=kind]").select_option(Organisation.Kind.ASSOCIATION.value)
    san_giovanni = Municipality.objects.get(istat_code="022250")
    form.locator("select[name=municipality]").select_option(str(san_giovanni.pk))
    form.locator("input[name=vat_number]").fill("12345678901")
    sector = form.locator("input[name=sectors]").first
    form.locator(f"label[for='{sector.get_attribute('id')}']").click()
    expect(sector).to_be_checked()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    vat = form.locator("input[name=vat_number]")
    expect(vat).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_vat_number_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("12345678901")
    expect(vat).to_have_attribute("aria-describedby", re.compile(r"\bid_vat_number_error\b"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(form.locator("input[name=name]")).to_have_value(name)
    check_accessibility(page, context="(new organisation form with errors)")
    assert not Organisation.objects.filter(name=name).exists()

    vat.fill("")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/rete/[^/]+/$"))
    organisation = Organisation.objects.get(name=name)
    assert page.url.endswith(reverse("network:organisation", args=[organisation.code]))
    assert organisation.vat_number == ""
    assert organisation.municipality == san_giovanni
    assert organisation.sectors.count() == 1
    assert organisation.is_active
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status").first).to_be_visible()

    toggle = page.locator(
        f"form[action='{reverse('network:organisation_set_active', args=[organisation.code])}']"
    )
    expect(toggle.locator("input[name=active]")).to_have_value("0")
    with page.expect_navigation():
        toggle.locator("button[type=submit]").click()
    organisation.refresh_from_db()
    assert not organisation.is_active
    expect(toggle.locator("input[name=active]")).to_have_value("1")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.goto(f"{demo_district}{reverse('network:directory')}?q=Bottega")
    expect(
        page.locator("section[aria-labelledby=results-title]").get_by_role("link", name=name)
    ).to_have_count(0)


def test_mobile_navigation_through_the_burger(mobile_page: Page, demo_district: str) -> None:
    page = mobile_page
    page.goto(demo_district + "/")
    burger = page.locator(f"{NAVIGATION} button[aria-controls=main-menu]")
    directory = page.locator(f"#main-menu a[href='{reverse('network:directory')}']")
    expect(burger).to_be_visible()
    expect(directory).to_be_hidden()
    check_accessibility(page, context="(home, phone, menu closed)")

    burger.click()
    expect(burger).to_have_attribute("aria-expanded", "true")
    expect(directory).to_be_visible()
    check_accessibility(page, context="(home, phone, menu open)")
    directory.click()
    page.wait_for_url(f"**{reverse('network:directory')}")
