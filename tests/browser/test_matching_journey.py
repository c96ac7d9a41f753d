"""The matching journey "from an opening to an active placement" in a real browser, every page
checked with axe-core.

A company tutor creates an opening and publishes it; a case worker of a social cooperative sees
the candidates ranked with the reasons and proposes the first one who may be proposed; the tutor
reads the notification, sees the functional profile (never the name) and asks for an interview;
the case worker proposes the placement, the tutor accepts it and the case worker starts it.

Like the other journeys, the test finds elements by address, name attribute, id or role and
compares only texts that come from the data (codes, titles, numbers), never translated wording.
"""

import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import Page, expect

from ponte.matching.models import Proposal
from ponte.network.models import Organisation
from ponte.openings.models import Opening
from ponte.pathways.models import Level, Person, Placement
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

TUTOR = "tutor.felicetti"
COMPANY = "Pastificio Felicetti"
CASE_WORKER = "operatore.oltre"
COOPERATIVE = "Cooperativa sociale Oltre"
PREDAZZO = "Predazzo"

TITLE = "Addetto/a al magazzino e all'etichettatura (percorso di prova)"
TASKS = "Sistemazione degli scaffali, etichettatura dei cartoni, inventario settimanale."
SKILLS = "magazzino, etichettatura"
MIN_LEVEL = 2
HOURS = 20
DAYS = [0, 2, 4]  # Monday, Wednesday, Friday


# Helpers of this journey ------------------------------------------------------------------------


def without(text: str, *parts: str) -> str:
    for part in parts:
        text = text.replace(part, " ")
    return text


# The journey ------------------------------------------------------------------------------------


def test_from_opening_to_active_placement(page: Page, demo_district: str) -> None:
    base = demo_district
    today = date.today()
    felicetti = Organisation.objects.get(name=COMPANY)
    oltre = Organisation.objects.get(name=COOPERATIVE)
    tutor = get_user_model().objects.get(username=TUTOR)

    # 1. The company tutor creates the opening and publishes it. --------------------------------
    sign_in(page, base, TUTOR, check=True)
    page.goto(base + url("openings:manage"))
    check_accessibility(page, context="(the tutor's openings)")
    open_link(page, url("openings:create"))
    check_accessibility(page, context="(new opening form)")

    form = main_form(page)
    expect(form.locator("select[name=host]")).to_have_count(0)  # always the tutor's company
    form.locator("select[name=kind]").select_option(Opening.Kind.TIS)
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=tasks]").fill(TASKS)
    form.locator("select[name=min_level]").select_option(
        label=str(Level.objects.get(number=MIN_LEVEL))
    )
    form.locator("input[name=skills]").fill(SKILLS)
    form.locator("input[name=hours_per_week]").fill(str(HOURS))
    for day in DAYS:
        choose(form, "days", day)
    form.locator("select[name=municipality]").select_option(label=PREDAZZO)
    form.locator("input[name=places]").fill("1")
    form.locator("input[name=starts_on]").fill(today.isoformat())
    # The tutor answers for the opening himself when the form lets him choose (or else every
    # company tutor of the host does, him included).
    tutor_listed = form.locator(f"select[name=tutor] option[value='{tutor.pk}']").count() == 1
    if tutor_listed:
        form.locator("select[name=tutor]").select_option(str(tutor.pk))
    submit(page, form)

    opening = Opening.objects.get(title=TITLE)
    detail = url("openings:detail", opening.code)
    assert page.url.endswith(detail)
    assert opening.status == Opening.Status.DRAFT
    assert opening.host == felicetti
    assert opening.kind == Opening.Kind.TIS
    assert opening.min_level.number == MIN_LEVEL
    assert opening.skills == SKILLS
    assert opening.hours_per_week == HOURS
    assert list(opening.days) == DAYS
    assert opening.municipality.name == PREDAZZO
    assert opening.places == 1
    assert opening.starts_on == today
    assert opening.tutor == (tutor if tutor_listed else None)
    expect_success(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check_accessibility(page, context="(opening page, draft)")

    transition = url("openings:transition", opening.code)
    submit(page, page.locator(f"main form[action='{transition}']:has(input[value=open])"))
    opening.refresh_from_db()
    assert opening.status == Opening.Status.OPEN
    assert page.url.endswith(detail)
    expect_success(page)
    check_accessibility(page, context="(opening page, open)")

    page.goto(base + url("openings:manage"))
    expect(page.locator(f"main tbody th a[href='{detail}']")).to_have_text(TITLE)
    check_accessibility(page, context="(the tutor's openings with the new one)")
    sign_out(page)

    # Signed out, the public list shows the opening.
    page.goto(base + url("openings:list"))
    expect(page.locator(f"main a[href='{detail}']")).to_have_text(TITLE)
    check_accessibility(page, context="(public list of openings)")

    # 2. A case worker of the cooperative proposes the best candidate who may be proposed. -------
    sign_in(page, base, CASE_WORKER)
    page.goto(base + detail)
    check_accessibility(page, context="(opening page, seen by the case worker)")
    candidates = url("matching:candidates", opening.code)
    open_link(page, candidates)
    check_accessibility(page, context="(candidates)")

    cards = page.locator("main ol > li.card")
    expect(cards.first).to_be_visible()
    assert cards.count() > 0
    # Every candidate comes with a score and the sentences that explain it.
    expect(cards.first.locator("ul li").first).to_be_visible()
    for index in range(cards.count()):
        assert cards.nth(index).locator("ul li").count() > 0, f"candidate {index} unexplained"

    proposable = cards.filter(has=page.locator("form[action$='/proponi/']")).first
    expect(proposable).to_be_visible()
    propose_form = proposable.locator("form[action$='/proponi/']")
    action = propose_form.get_attribute("action") or ""
    match = re.fullmatch(rf"{re.escape(candidates)}(?P<code>[^/]+)/proponi/", action)
    assert match, action
    code = match["code"]
    assert action == url("matching:propose", opening.code, code)
    expect(propose_form.locator("button[type=submit]")).to_contain_text(
        re.compile("Proponi|Propose")
    )
    with page.expect_navigation():
        propose_form.locator("button[type=submit]").click()

    person = Person.objects.get(code=code)
    proposal = Proposal.objects.get(opening=opening, person=person)
    proposal_page = url("matching:proposal", proposal.code)
    assert page.url.endswith(proposal_page)
    assert proposal.status == Proposal.Status.PROPOSED
    expect_success(page)
    expect(page.get_by_role("status").first).to_contain_text(code)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    check_accessibility(page, context="(proposal, seen by the case worker)")
    sign_out(page)

    # 3. The tutor is notified, reads the functional profile and asks for an interview. ---------
    sign_in(page, base, TUTOR)
    page.goto(base + url("network:notifications"))
    notification = page.locator(f"main a[href='{opens(proposal_page)}']", has_text=code)
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(TITLE)
    check_accessibility(page, context="(notifications)")
    notification.click()
    page.wait_for_url(f"**{proposal_page}")
    expect(page.locator("#profile-title")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    # The tutor sees the person by code only: neither name appears (the company's own name,
    # the opening's title and the tutor's name may share a word with it).
    shown = without(
        f"{page.title()}\n{page.locator('main').inner_text()}",
        COMPANY,
        TITLE,
        tutor.get_full_name(),
    )
    for name in (person.first_name, person.last_name):
        assert not re.search(rf"\b{re.escape(name)}\b", shown, re.IGNORECASE), name
    check_accessibility(page, context="(proposal, seen by the tutor)")

    answer = page.locator(f"main form[action='{url('matching:proposal_answer', proposal.code)}']")
    choose(answer, "decision", "interview")
    submit(page, answer)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTERVIEW
    assert proposal.decided_by == tutor
    assert page.url.endswith(proposal_page)
    expect_success(page)
    check_accessibility(page, context="(proposal after the answer, seen by the tutor)")
    sign_out(page)

    # 4. The case worker proposes the placement. -------------------------------------------------
    sign_in(page, base, CASE_WORKER)
    page.goto(base + proposal_page)
    check_accessibility(page, context="(proposal with an interview, seen by the case worker)")
    place = page.locator(f"main form[action='{url('matching:proposal_place', proposal.code)}']")
    planned_end = today + relativedelta(months=3)
    place.locator("input[name=planned_start]").fill(today.isoformat())
    place.locator("input[name=planned_end]").fill(planned_end.isoformat())
    place.locator("input[name=hours_per_week]").fill(str(HOURS))
    promoter = place.locator("select[name=promoter]")
    if promoter.input_value() != str(oltre.pk):
        promoter.select_option(str(oltre.pk))
    submit(page, place)

    placement = Placement.objects.get(opening=opening)
    placement_page = url("pathways:placement", placement.code)
    assert page.url.endswith(placement_page)
    assert placement.person == person
    assert placement.status == Placement.Status.PROPOSED
    assert placement.host == felicetti and placement.promoter == oltre
    assert (placement.planned_start, placement.planned_end) == (today, planned_end)
    assert placement.hours_per_week == HOURS
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PLACED
    assert proposal.placement == placement
    expect_success(page)
    check_accessibility(page, context="(placement page, proposed)")
    sign_out(page)

    # 5. The tutor accepts the placement. -------------------------------------------------------
    sign_in(page, base, TUTOR)
    page.goto(base + proposal_page)
    check_accessibility(page, context="(proposal with a placement to accept, seen by the tutor)")
    accept = url("matching:proposal_accept_placement", proposal.code)
    with page.expect_navigation():
        page.locator(f"main form[action='{accept}'] button[type=submit]").click()
    assert page.url.endswith(placement_page)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    expect_success(page)
    # Hosting the person now, the tutor sees the placement (and, by design, who the person is).
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    check_accessibility(page, context="(placement page, accepted, seen by the tutor)")
    sign_out(page)

    # 6. The case worker starts the placement. --------------------------------------------------
    sign_in(page, base, CASE_WORKER)
    page.goto(base + placement_page)
    check_accessibility(page, context="(placement page, accepted)")
    transition = url("pathways:placement_transition", placement.code)
    start_form = page.locator(f"main form[action='{transition}']:has(input[value=active])")
    start_form.locator("input[name=on]").fill(today.isoformat())
    submit(page, start_form)

    assert page.url.endswith(placement_page)
    placement.refresh_from_db()
    proposal.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE
    assert placement.actual_start == today
    assert placement.opening == opening
    assert proposal.status == Proposal.Status.PLACED
    assert proposal.placement == placement
    expect_success(page)
    with translation.override("it"):
        active = str(Placement.Status.ACTIVE.label)
    expect(page.locator("#placement-status")).to_have_text(active)
    check_accessibility(page, context="(placement page, active)")
