"""The job-placement journey "from referral to hiring" in a real browser, every page checked with
axe-core.

A referring service refers a new (fictional) person to a social cooperative; a case worker of the
cooperative accepts the referral, records consents, an assessment and the individual plan,
proposes a placement in one of the cooperative's services, starts it, registers attendance, adds
a tutor evaluation and ends the placement with a hiring; the timeline then tells the whole story,
and the pages stay closed to who may not see them.

Like the network journeys, the test finds elements by address, name attribute, id or role and
compares only texts that come from the data (codes, names, numbers), never translated wording.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import Page, expect

from ponte.network.models import Municipality, Organisation
from ponte.pathways import services
from ponte.pathways.models import (
    Assessment,
    Attendance,
    Consent,
    Level,
    LevelChange,
    Person,
    Placement,
    Plan,
    Referral,
    Service,
)
from ponte.pathways.selectors import EventKind
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.journey import (
    choose,
    expect_success,
    main_form,
    open_link,
    sign_out,
    submit,
    url,
)

pytestmark = pytest.mark.browser

REFERRER = "inviante.fiemme"
REFERRING_BODY = "Comunità Territoriale della Val di Fiemme"
CASE_WORKER = "operatore.oltre"
COOPERATIVE = "Cooperativa sociale Oltre"
COORDINATOR = "coordinatore"
LAUNDRY = "Lavanderia per gli alberghi"
CAVALESE = "022050"  # ISTAT code

FIRST_NAME, LAST_NAME = "Elisa", "Vinante"
REASON = "Dopo anni di lavoro stagionale saltuario chiede un percorso verso un impiego stabile."
CONSENTS = [Consent.Purpose.PATHWAY, Consent.Purpose.COMPANIES, Consent.Purpose.TABLE]
GOALS = ["Rispettare gli orari del turno in lavanderia", "Usare in autonomia la stiratrice"]
# Twelve items: three 4s and nine 3s give a mean of 3.25, which suggests level 3.
HIGH_SCORED_ITEMS = 3
SUGGESTED_LEVEL, CONFIRMED_LEVEL, HIRED_LEVEL = 3, 2, 4
CONTRACT_HOURS = 25


# Helpers ----------------------------------------------------------------------------------------


@contextmanager
def error_pages(settings: Any) -> Iterator[None]:
    """The project's error pages (404.html), as in production, rather than Django's debug ones:
    the demo fixture runs the server in debug mode, which the demo password needs, so the debug
    mode is turned off only while an error page is requested (the settings fixture restores it
    at the end anyway)."""
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = True


def attendance_days(today: date) -> tuple[date, list[date]]:
    """The placement's start and the days to register: a few days of the current month up to
    today (only today when the month has just begun)."""
    start = max(today - timedelta(days=3), today.replace(day=1))
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    return start, days[:3]


# The journey ------------------------------------------------------------------------------------


def test_from_referral_to_hiring(page: Page, demo_district: str, settings: Any) -> None:
    base = demo_district
    today = date.today()

    # 1. The referring service refers a new person to the cooperative. --------------------------
    sign_in(page, base, REFERRER)
    page.goto(base + url("pathways:caseload"))
    check_accessibility(page, context="(referrer's list)")
    open_link(page, url("pathways:referral_create"))
    check_accessibility(page, context="(referral form)")

    oltre = Organisation.objects.get(name=COOPERATIVE)
    cavalese = Municipality.objects.get(istat_code=CAVALESE)
    form = main_form(page)
    form.locator("select[name=service_kind]").select_option(Referral.ServiceKind.SOCIAL_SERVICE)
    form.locator("select[name=to_organisation]").select_option(str(oltre.pk))
    form.locator("textarea[name=reason]").fill(REASON)
    form.locator("input[name=first_name]").fill(FIRST_NAME)
    form.locator("input[name=last_name]").fill(LAST_NAME)
    form.locator("input[name=birth_date]").fill("1994-05-17")
    form.locator("select[name=basis]").select_option(Person.Basis.UNCERTIFIED)
    form.locator("select[name=municipality]").select_option(str(cavalese.pk))
    form.locator("input[name=hours_per_week]").fill("20")
    submit(page, form)

    referral = Referral.objects.select_related("person").get(
        reason=REASON, from_organisation__name=REFERRING_BODY
    )
    person = referral.person
    code = person.code
    assert (person.first_name, person.last_name) == (FIRST_NAME, LAST_NAME)
    assert person.birth_date == date(1994, 5, 17)
    assert person.municipality == cavalese
    assert person.basis == Person.Basis.UNCERTIFIED
    assert person.hours_per_week == 20
    assert person.organisation == oltre
    assert person.status == Person.Status.REFERRED
    assert referral.status == Referral.Status.RECEIVED
    assert page.url.endswith(url("pathways:person", code))
    expect_success(page)
    expect(page.get_by_role("status").first).to_contain_text(code)
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.locator("main")).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    check_accessibility(page, context="(person page, seen by the referrer)")

    page.goto(base + url("pathways:caseload"))
    expect(
        page.locator("section[aria-labelledby=people-title] tbody th a", has_text=code)
    ).to_have_attribute("href", url("pathways:person", code))
    check_accessibility(page, context="(referrer's list with the new referral)")
    sign_out(page)

    # 2. A case worker of the cooperative accepts the referral. ---------------------------------
    sign_in(page, base, CASE_WORKER)
    page.goto(base + url("pathways:caseload"))
    awaiting = page.locator("section[aria-labelledby=referrals-title] tbody tr", has_text=code)
    expect(awaiting).to_have_count(1)
    expect(awaiting).to_contain_text(REFERRING_BODY)
    check_accessibility(page, context="(case worker's caseload with a referral to decide)")

    awaiting.locator(f"a[href='{url('pathways:referral', referral.code)}']").click()
    page.wait_for_url(f"**{url('pathways:referral', referral.code)}")
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    check_accessibility(page, context="(referral to decide)")

    accept = page.locator("main form:has(input[name=decision][value=accept])")
    worker = oltre.memberships.get(user__username=CASE_WORKER).user
    expect(accept.locator("select[name=case_manager]")).to_have_value(str(worker.pk))
    submit(page, accept)
    assert page.url.endswith(url("pathways:person", code))
    expect_success(page)
    person.refresh_from_db()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert person.status == Person.Status.OPEN
    assert person.case_manager == worker
    assert person.opened_on == today
    check_accessibility(page, context="(person page, seen by the care team)")

    # 3a. Consents. -----------------------------------------------------------------------------
    for number, purpose in enumerate(CONSENTS, start=1):
        open_link(page, url("pathways:consent_create", code))
        if number == 1:
            check_accessibility(page, context="(consent form)")
        form = main_form(page)
        choose(form, "purpose", purpose)
        expect(form.locator("input[name=given_on]")).to_have_value(today.isoformat())
        form.locator("input[name=document_reference]").fill(f"Prot. 2025/{140 + number}")
        submit(page, form)
        assert page.url.endswith(url("pathways:person", code))
        expect_success(page)
    consents = person.consents.order_by("id")
    assert [c.purpose for c in consents] == CONSENTS
    assert all(c.given_on == today and c.withdrawn_on is None for c in consents)
    consents_table = page.locator("section[aria-labelledby=consents-title] tbody")
    for number in range(1, len(CONSENTS) + 1):
        expect(consents_table).to_contain_text(f"Prot. 2025/{140 + number}")
    # Each consent in force can be withdrawn.
    expect(consents_table.locator("form button[type=submit]")).to_have_count(len(CONSENTS))

    # 3b. Assessment: level 2 confirmed against the suggested 3, first without a reason. --------
    open_link(page, url("pathways:assessment_create", code))
    check_accessibility(page, context="(assessment form)")
    form = main_form(page)
    items = page.eval_on_selector_all(
        "main form input[type=radio][name^='score_']", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(items) == 12
    for index, name in enumerate(items):
        choose(form, name, 4 if index < HIGH_SCORED_ITEMS else 3)
    form.locator("input[name=assessed_on]").fill(today.isoformat())
    form.locator("select[name=setting]").select_option(Assessment.Setting.COOPERATIVE)
    level_2 = Level.objects.get(number=CONFIRMED_LEVEL)
    choose(form, "confirmed_level", level_2.pk)
    submit(page, form)

    reason = form.locator("textarea[name=confirmation_reason]")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_confirmation_reason_error")).to_be_visible()
    expect(reason).to_have_attribute("aria-invalid", "true")
    # The suggestion is shown, and the scores given are kept.
    expect(page.locator("main form [role=status]")).to_contain_text(str(SUGGESTED_LEVEL))
    expect(page.locator("main form [role=status]")).to_contain_text(re.compile(r"3[,.]25"))
    expect(form.locator(f"input[name='{items[0]}'][value='4']")).to_be_checked()
    expect(form.locator(f"input[name='{items[-1]}'][value='3']")).to_be_checked()
    expect(form.locator(f"input[name=confirmed_level][value='{level_2.pk}']")).to_be_checked()
    check_accessibility(page, context="(assessment form with errors)")
    assert not person.assessments.exists()

    reason.fill("Rientra da un lungo periodo di inattività: si parte dal tirocinio in cooperativa.")
    submit(page, form)
    assessment = person.assessments.get()
    assert page.url.endswith(url("pathways:assessment", assessment.code))
    assert assessment.suggested_level == SUGGESTED_LEVEL
    assert str(assessment.mean_score) == "3.25"
    assert assessment.confirmed_level == level_2
    person.refresh_from_db()
    assert person.level.number == CONFIRMED_LEVEL
    expect_success(page)
    check_accessibility(page, context="(assessment)")
    page.goto(base + url("pathways:person", code))

    # 3c. The individual plan, with two goals. ---------------------------------------------------
    open_link(page, url("pathways:plan_create", code))
    check_accessibility(page, context="(plan form)")
    form = main_form(page)
    form.locator("textarea[name=objectives]").fill("Consolidare le abitudini lavorative.")
    form.locator("input[name='goals-0-text']").fill(GOALS[0])
    form.locator("input[name='goals-0-target_date']").fill(
        (today + relativedelta(months=2)).isoformat()
    )
    form.locator("input[name='goals-1-text']").fill(GOALS[1])
    form.locator("input[name=signed_on]").fill(today.isoformat())
    submit(page, form)
    plan = Plan.objects.get(person=person)
    assert page.url.endswith(url("pathways:plan", code))
    assert plan.version == 1
    assert list(plan.goals.order_by("id").values_list("text", flat=True)) == GOALS
    expect_success(page)
    for goal in GOALS:
        expect(page.locator("main")).to_contain_text(goal)
    check_accessibility(page, context="(individual plan)")
    page.goto(base + url("pathways:person", code))

    # 3d. A placement in the cooperative's laundry: proposed, accepted, started. -----------------
    laundry = Service.objects.get(provider=oltre, name=LAUNDRY)
    free_before = services.free_places(laundry)
    assert free_before > 0, "the demo laundry has no free place left"
    start, days = attendance_days(today)
    planned_end = today + relativedelta(months=3)

    open_link(page, url("pathways:placement_create", code))
    check_accessibility(page, context="(placement form)")
    form = main_form(page)
    form.locator("select[name=service]").select_option(str(laundry.pk))
    form.locator("input[name=planned_start]").fill(start.isoformat())
    form.locator("input[name=planned_end]").fill(planned_end.isoformat())
    form.locator("input[name=hours_per_week]").fill("20")
    form.locator("input[name=agreement_reference]").fill("Conv. 2025/77")
    submit(page, form)
    placement = Placement.objects.get(person=person)
    assert page.url.endswith(url("pathways:placement", placement.code))
    assert placement.status == Placement.Status.PROPOSED
    assert placement.host == oltre and placement.promoter == oltre
    expect_success(page)
    check_accessibility(page, context="(placement page, proposed)")

    transition = url("pathways:placement_transition", placement.code)
    submit(page, page.locator(f"main form[action='{transition}']:has(input[value=accepted])"))
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    assert services.free_places(laundry) == free_before - 1
    expect_success(page)

    start_form = page.locator(f"main form[action='{transition}']:has(input[value=active])")
    start_form.locator("input[name=on]").fill(start.isoformat())
    submit(page, start_form)
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACTIVE
    assert placement.actual_start == start
    expect_success(page)
    check_accessibility(page, context="(placement page, active)")

    # 4. Attendance of the current month, and its register for signatures. ---------------------
    month = url("pathways:attendance_month", placement.code, today.year, today.month)
    open_link(page, month)
    check_accessibility(page, context="(attendance month)")
    form = main_form(page)
    if start.day > 1:
        expect(form.locator(f"input[name=hours_{start.day - 1}]")).to_be_disabled()
    hours = [4, 5, 0][: len(days)]
    for day, value in zip(days, hours, strict=True):
        if value:
            form.locator(f"input[name=hours_{day.day}]").fill(str(value))
        else:
            form.locator(f"select[name=absence_{day.day}]").select_option(
                Attendance.Absence.ILLNESS
            )
    submit(page, form)
    assert page.url.endswith(month)
    expect_success(page)
    saved = {a.day: a for a in placement.attendance.all()}
    assert sorted(saved) == days
    for day, value in zip(days, hours, strict=True):
        assert saved[day].hours == value
        assert saved[day].absence == ("" if value else Attendance.Absence.ILLNESS)
    expect(page.locator("#hours-present")).to_have_text(str(sum(hours)))
    expect(form.locator(f"input[name=hours_{days[0].day}]")).to_have_value(str(hours[0]))
    check_accessibility(page, context="(attendance month, saved)")

    pdf_url = url("pathways:attendance_pdf", placement.code, today.year, today.month)
    expect(page.locator(f"main a[href='{pdf_url}']")).to_be_visible()
    response = page.request.get(base + pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    assert response.body().startswith(b"%PDF")

    # 5. A final tutor evaluation. ---------------------------------------------------------------
    page.goto(base + url("pathways:placement", placement.code))
    open_link(page, url("pathways:evaluation_create", placement.code))
    check_accessibility(page, context="(evaluation form)")
    form = main_form(page)
    choose(form, "kind", Assessment.Kind.FINAL)
    expect(form.locator("input[name=assessed_on]")).to_have_value(today.isoformat())
    items = page.eval_on_selector_all(
        "main form input[type=radio][name^='item_']", "els => [...new Set(els.map(e => e.name))]"
    )
    assert len(items) == 12
    for name in items:
        choose(form, name, 4)
    form.locator("textarea[name=notes]").fill("Puntuale, precisa, chiede aiuto quando serve.")
    submit(page, form)
    assert page.url.endswith(url("pathways:placement", placement.code))
    expect_success(page)
    evaluation = person.assessments.get(kind=Assessment.Kind.FINAL)
    assert evaluation.placement == placement
    assert evaluation.suggested_level == HIRED_LEVEL
    assert evaluation.confirmed_level is None
    expect(
        page.locator(
            "section[aria-labelledby=evaluations-title] "
            f"a[href='{url('pathways:assessment', evaluation.code)}']"
        )
    ).to_be_visible()
    person.refresh_from_db()
    assert person.level.number == CONFIRMED_LEVEL  # a tutor's evaluation leaves the level be

    # 6. The placement ends with a hiring; the 1-month follow-up is recorded. -------------------
    end_form = page.locator(f"main form[action='{transition}']:has(select[name=outcome])")
    expect(end_form.locator("input[name=on]")).to_have_value(today.isoformat())
    end_form.locator("select[name=outcome]").select_option(Placement.Outcome.HIRED)
    end_form.locator("select[name=contract_type]").select_option(Placement.Contract.COOP_MEMBER)
    end_form.locator("input[name=contract_hours]").fill(str(CONTRACT_HOURS))
    submit(page, end_form)
    placement.refresh_from_db()
    person.refresh_from_db()
    assert placement.status == Placement.Status.ENDED
    assert placement.outcome == Placement.Outcome.HIRED
    assert placement.contract_type == Placement.Contract.COOP_MEMBER
    assert placement.contract_hours == CONTRACT_HOURS
    assert placement.actual_end == today
    assert person.level.number == HIRED_LEVEL
    assert services.free_places(laundry) == free_before
    expect_success(page)
    follow_ups = page.locator("section[aria-labelledby=follow-ups-title] tbody tr")
    expect(follow_ups).to_have_count(placement.follow_ups.count())
    check_accessibility(page, context="(placement page, ended)")

    open_link(page, url("pathways:follow_up", placement.code, 1))
    check_accessibility(page, context="(follow-up form)")
    form = main_form(page)
    expect(form.locator("input[name=done_on]")).to_have_value(today.isoformat())
    choose(form, "employed", "yes")
    form.locator("input[name=employer]").fill(COOPERATIVE)
    form.locator("select[name=contract_type]").select_option(Placement.Contract.COOP_MEMBER)
    submit(page, form)
    assert page.url.endswith(url("pathways:placement", placement.code))
    expect_success(page)
    follow_up = placement.follow_ups.get(months=1)
    assert follow_up.done_on == today
    assert follow_up.employed
    assert follow_up.employer == COOPERATIVE
    expect(follow_ups.first).to_contain_text(COOPERATIVE)

    page.goto(base + url("pathways:person", code))
    expect(page.locator("main h1 + p .badge").first).to_contain_text(str(HIRED_LEVEL))
    check_accessibility(page, context="(person page at the end of the journey)")

    # 7. The timeline tells the whole story. ----------------------------------------------------
    assert list(
        LevelChange.objects.filter(person=person)
        .order_by("id")
        .values_list("from_level__number", "to_level__number", "cause")
    ) == [
        (None, 0, LevelChange.Cause.INTAKE),
        (0, CONFIRMED_LEVEL, LevelChange.Cause.ASSESSMENT),
        (CONFIRMED_LEVEL, HIRED_LEVEL, LevelChange.Cause.OUTCOME),
    ]
    expected = {
        EventKind.REFERRAL: 2,  # referred, accepted
        EventKind.CONSENT: len(CONSENTS),
        EventKind.ASSESSMENT: 1,
        EventKind.EVALUATION: 1,
        EventKind.PLAN: 2,  # written, signed by the person
        EventKind.PLACEMENT: 3,  # started, attendance, ended
        EventKind.LEVEL: 3,  # intake, assessment, outcome
        EventKind.FOLLOW_UP: 1,  # the one recorded; the later ones are not due yet
        EventKind.DIARY: 0,
    }
    timeline = url("pathways:timeline", code)
    events = page.locator("main ol.ponte-timeline > li")
    open_link(page, timeline)
    expect(events).to_have_count(sum(expected.values()))
    for href in (
        url("pathways:assessment", assessment.code),
        url("pathways:assessment", evaluation.code),
        url("pathways:plan_version", code, plan.version),
        url("pathways:placement", placement.code),
    ):
        expect(events.locator(f"a[href='{href}']").first).to_be_visible()
    expect(events.locator("time").first).to_have_attribute("datetime", today.isoformat())
    check_accessibility(page, context="(timeline)")

    # The filter, through the form once, then by address for every kind.
    filters = page.locator("main form[method=get]")
    choose(filters, "kind", EventKind.LEVEL)
    submit(page, filters)
    expect(events).to_have_count(expected[EventKind.LEVEL])
    check_accessibility(page, context="(timeline filtered)")
    for kind, count in expected.items():
        page.goto(f"{base}{timeline}?kind={kind}")
        expect(events).to_have_count(count, timeout=2_000)
    sign_out(page)

    # 8. Privacy: the referrer sees the person but not the diary; the coordinator sees nothing. --
    sign_in(page, base, REFERRER)
    response = page.goto(base + url("pathways:person", code))
    assert response is not None and response.status == 200
    expect(page.locator("main")).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    expect(page.locator(f"main a[href='{url('pathways:diary', code)}']")).to_have_count(0)
    with error_pages(settings):
        response = page.goto(base + url("pathways:diary", code))
        assert response is not None and response.status in (403, 404)
        expect(page.locator("main h1")).to_have_count(1)  # the project's page, not Django's
        expect(page.locator("main")).not_to_contain_text(LAST_NAME)
        check_accessibility(page, context="(the diary, refused to the referrer)")
    sign_out(page)

    sign_in(page, base, COORDINATOR)
    with error_pages(settings):
        for address in (url("pathways:person", code), url("pathways:timeline", code)):
            response = page.goto(base + address)
            assert response is not None and response.status == 404, address
            expect(page.locator("main h1")).to_have_count(1)
            expect(page.locator("main")).not_to_contain_text(LAST_NAME)
