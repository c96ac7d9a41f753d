"""The marketplace journey "from an offer to a confirmed exchange" in a real browser, every page
checked with axe-core.

The member contact of a social cooperative posts a public offer with a photo; signed out, the
public catalogue shows it; the member contact of a bank finds it on the marketplace and answers
it; the cooperative reads the notification, accepts the answer and records the exchange (its own
side confirmed at once); the bank confirms its side, and the exchange counts in the figures.

Like the other journeys, the test finds elements by address, name attribute, id or role and
compares only texts that come from the data (titles, names, numbers), never translated wording.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import Page, expect

from ponte.marketplace.models import Answer, Exchange, Listing, ListingPhoto
from ponte.marketplace.selectors import PeriodFigures, marketplace_figures
from ponte.network.models import Organisation
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.journey import (
    choose,
    expect_success,
    main_form,
    open_link,
    opens,
    sign_out,
    submit,
    url,
)

pytestmark = pytest.mark.browser

SELLER = "referente.terrealtre"
COOPERATIVE = "Cooperativa sociale Terre Altre"
BUYER = "referente.cassarurale"
BANK = "Cassa Rurale di Fiemme"

TITLE = "Confettura di mirtilli neri del maso (annuncio di prova)"
DESCRIPTION = (
    "Confettura extra di mirtilli neri raccolti nei boschi sopra il maso, in vasetti da 340 g; "
    "la preparano in laboratorio persone in percorso di inserimento."
)
PRICE = Decimal("4.50")
UNIT = "€/vasetto"
QUANTITY = "fino a 60 vasetti al mese"
ANSWER = "Ci servono 24 vasetti per i cesti natalizi dei soci: possiamo ritirarli a Cavalese."
VALUE = Decimal("108.00")  # 24 jars at 4.50 €


# Helpers of this journey ------------------------------------------------------------------------


def tiny_png(path: Path) -> Path:
    """A real 16×16 PNG: the marketplace opens every upload with Pillow."""
    Image.new("RGB", (16, 16), (70, 40, 120)).save(path, format="PNG")
    return path


def year_figures() -> tuple[Decimal, int]:
    """The value and the number of the exchanges that count this year (confirmed by both
    sides), as the marketplace's figures show them."""
    periods: list[PeriodFigures] = marketplace_figures()["periods"]  # type: ignore[assignment]
    year = periods[0]
    return year.value, year.exchanges


# The journey ------------------------------------------------------------------------------------


def test_from_offer_to_confirmed_exchange(
    page: Page, demo_district: str, settings: Any, tmp_path: Path
) -> None:
    base = demo_district
    # The uploaded photo goes to a temporary media folder, not to the project's.
    settings.MEDIA_ROOT = tmp_path / "media"
    today = date.today()
    valid_until = today + relativedelta(months=1)
    terre_altre = Organisation.objects.get(name=COOPERATIVE)
    cassa_rurale = Organisation.objects.get(name=BANK)
    seller = get_user_model().objects.get(username=SELLER)
    buyer = get_user_model().objects.get(username=BUYER)
    value_before, count_before = year_figures()

    # 1. The cooperative's member contact posts a public offer with a photo. --------------------
    sign_in(page, base, SELLER, check=True)
    page.goto(base + url("marketplace:list"))
    check_accessibility(page, context="(marketplace, seen by the cooperative)")
    open_link(page, url("marketplace:create"))
    check_accessibility(page, context="(new listing form)")

    form = main_form(page)
    expect(form.locator("select[name=organisation]")).to_have_count(0)  # always their own
    choose(form, "direction", Listing.Direction.OFFER)
    form.locator("select[name=mode]").select_option(Listing.Mode.SALE)
    form.locator("select[name=category]").select_option(Listing.Category.GOOD)
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=description]").fill(DESCRIPTION)
    form.locator("input[name=price]").fill(str(PRICE))
    form.locator("input[name=unit]").fill(UNIT)
    form.locator("input[name=quantity]").fill(QUANTITY)
    municipality = form.locator("select[name=municipality]")
    expect(municipality).to_have_value(str(terre_altre.municipality_id))  # the cooperative's
    municipality.select_option(str(terre_altre.municipality_id))
    form.locator("input[name=valid_until]").fill(valid_until.isoformat())
    choose(form, "visibility", Listing.Visibility.PUBLIC)
    form.locator("input[name=photos]").set_input_files(tiny_png(tmp_path / "mirtilli.png"))
    submit(page, form)

    listing = Listing.objects.get(title=TITLE)
    detail = url("marketplace:detail", listing.code)
    answer_action = url("marketplace:answer", listing.code)
    assert page.url.endswith(detail)
    assert listing.organisation == terre_altre
    assert listing.created_by == seller
    assert listing.direction == Listing.Direction.OFFER
    assert listing.mode == Listing.Mode.SALE
    assert listing.category == Listing.Category.GOOD
    assert listing.description == DESCRIPTION
    assert listing.price == PRICE
    assert (listing.unit, listing.quantity) == (UNIT, QUANTITY)
    assert listing.municipality_id == terre_altre.municipality_id
    assert listing.valid_until == valid_until
    assert listing.visibility == Listing.Visibility.PUBLIC
    assert listing.is_active
    photo = ListingPhoto.objects.get(listing=listing)
    assert photo.content_type == "image/png"
    expect_success(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    photo_url = url("marketplace:photo", photo.code)
    expect(page.locator(f"main img[src='{photo_url}']")).to_have_count(1)
    check_accessibility(page, context="(listing page, seen by its author)")
    sign_out(page)

    # 2. Signed out, the public catalogue lists the offer, with its photo. ----------------------
    page.goto(base + url("catalogue:list"))
    expect(page.locator(f"main a[href='{detail}']")).to_have_text(TITLE)
    expect(page.locator(f"main img[src='{photo_url}']")).to_have_count(1)
    check_accessibility(page, context="(public catalogue)")
    response = page.request.get(base + photo_url)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    open_link(page, detail)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(f"main form[action='{answer_action}']")).to_have_count(0)  # not signed in
    check_accessibility(page, context="(listing page, signed out)")

    # 3. The bank's member contact finds the offer and answers it. -----------------------------
    sign_in(page, base, BUYER)
    page.goto(base + url("marketplace:list"))
    check_accessibility(page, context="(marketplace, seen by the bank)")
    search = page.locator("main form[method=get][role=search]")
    search.locator("input[name=q]").fill(TITLE)
    submit(page, search)
    assert "q=" in page.url
    expect(page.locator(f"main a[href='{detail}']")).to_have_text(TITLE)
    check_accessibility(page, context="(marketplace search results)")
    open_link(page, detail)
    check_accessibility(page, context="(listing page, seen by the bank)")

    answer_form = page.locator(f"main form[action='{answer_action}']")
    answer_form.locator("textarea[name=message]").fill(ANSWER)
    submit(page, answer_form)

    answer = Answer.objects.get(listing=listing)
    assert page.url.endswith(detail)
    assert answer.organisation == cassa_rurale
    assert answer.created_by == buyer
    assert answer.message == ANSWER
    assert answer.status == Answer.Status.PENDING
    expect_success(page)
    expect(page.locator("main")).to_contain_text(ANSWER)
    check_accessibility(page, context="(listing page after the answer, seen by the bank)")
    sign_out(page)

    # 4. The cooperative is notified, reads the answer and accepts it. --------------------------
    sign_in(page, base, SELLER)
    page.goto(base + url("network:notifications"))
    notification = page.locator(f"main a[href='{opens(detail)}']", has_text=BANK)
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(TITLE)
    check_accessibility(page, context="(notifications of the cooperative)")
    notification.click()
    page.wait_for_url(f"**{detail}")
    expect(page.locator("main")).to_contain_text(ANSWER)
    check_accessibility(page, context="(listing page with an answer, seen by its author)")

    decide = page.locator(f"main form[action='{url('marketplace:answer_decide', answer.code)}']")
    with page.expect_navigation():
        decide.locator("button[name=decision][value=accept]").click()
    answer.refresh_from_db()
    assert page.url.endswith(detail)
    assert answer.status == Answer.Status.ACCEPTED
    assert answer.decided_by == seller
    expect_success(page)
    check_accessibility(page, context="(listing page after accepting the answer)")

    # 5. The cooperative records the exchange; its side is confirmed at once. ------------------
    record = f"{url('marketplace:exchange_create')}?risposta={answer.code}"
    open_link(page, record)
    check_accessibility(page, context="(exchange form)")
    form = main_form(page)
    # The accepted answer fills in who gave (the offer's author) and who received.
    expect(form.locator("select[name=giver]")).to_have_value(str(terre_altre.pk))
    expect(form.locator("select[name=receiver]")).to_have_value(str(cassa_rurale.pk))
    expect(form.locator("input[name=what]")).to_have_value(TITLE)
    expect(form.locator("input[name=is_gift]")).not_to_be_checked()
    form.locator("input[name=value]").fill(str(VALUE))
    form.locator("input[name=exchanged_on]").fill(today.isoformat())
    submit(page, form)

    exchange = Exchange.objects.get(answer=answer)
    exchange_page = url("marketplace:exchange", exchange.code)
    assert page.url.endswith(exchange_page)
    assert exchange.listing == listing
    assert (exchange.giver, exchange.receiver) == (terre_altre, cassa_rurale)
    assert exchange.value == VALUE
    assert not exchange.is_gift
    assert exchange.exchanged_on == today
    assert exchange.recorded_by == seller
    assert exchange.giver_confirmed_by == seller and exchange.giver_confirmed_at is not None
    assert exchange.receiver_confirmed_at is None
    assert not exchange.is_confirmed
    # Waiting for the other side, it does not count yet.
    assert not Exchange.objects.confirmed().filter(pk=exchange.pk).exists()
    assert year_figures() == (value_before, count_before)
    expect_success(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The cooperative has nothing left to confirm.
    confirm = url("marketplace:exchange_confirm", exchange.code)
    expect(page.locator(f"main form[action='{confirm}']")).to_have_count(0)
    check_accessibility(page, context="(exchange page, confirmed by who gave)")
    page.goto(base + url("marketplace:exchanges"))
    expect(page.locator(f"main a[href='{exchange_page}']").first).to_be_visible()
    check_accessibility(page, context="(exchanges of the cooperative)")
    sign_out(page)

    # 6. The bank reads the notification and confirms its side: now the exchange counts. -------
    sign_in(page, base, BUYER)
    page.goto(base + url("network:notifications"))
    accepted = page.locator(f"main a[href='{opens(detail)}']", has_text=COOPERATIVE)
    expect(accepted.first).to_be_visible()
    notification = page.locator(f"main a[href='{opens(exchange_page)}']")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(TITLE)
    check_accessibility(page, context="(notifications of the bank)")
    notification.click()
    page.wait_for_url(f"**{exchange_page}")
    check_accessibility(page, context="(exchange page, to confirm by who received)")

    confirm_form = page.locator(f"main form[action='{confirm}']")
    expect(confirm_form).to_have_count(1)  # only the bank's own side
    expect(confirm_form.locator("input[name=side]")).to_have_value(Exchange.Side.RECEIVER)
    submit(page, confirm_form)

    exchange.refresh_from_db()
    assert page.url.endswith(exchange_page)
    assert exchange.receiver_confirmed_by == buyer
    assert exchange.receiver_confirmed_at is not None
    assert exchange.giver_confirmed_by == seller
    assert exchange.is_confirmed
    assert Exchange.objects.confirmed().filter(pk=exchange.pk).exists()
    assert year_figures() == (value_before + VALUE, count_before + 1)
    expect_success(page)
    expect(page.locator(f"main form[action='{confirm}']")).to_have_count(0)
    check_accessibility(page, context="(exchange page, confirmed by both sides)")
