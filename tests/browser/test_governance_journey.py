"""The governance journey "from a meeting to its approved minutes" in a real browser, every page
checked with axe-core.

A member of the Tavolo Tecnico (a case worker, not the coordinator) schedules a meeting with an
item on the agenda; once it is held, she records the attendance, writes the minutes (a draft),
records a decision and gives an action to another member with a due date. She schedules the next
meeting of the table and, once that one is held, approves there the minutes of the first: they
become the record, with the date and the meeting of the approval, and can no longer be changed.
The owner of the action finds it among his actions.

The meetings lie in the past (a week ago and today), as a meeting is marked held only from its
day on and minutes are approved only at a later meeting that was held.

Like the other journeys, the test finds elements by address, name attribute, id or role and
compares only texts that come from the data (titles, names, dates), never translated wording.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from ponte.governance import services
from ponte.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Table,
)
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

MEMBER = "operatore.lerais"  # sits at the Tavolo Tecnico for the Cooperativa sociale Le Rais
OWNER = "inviante.fiemme"  # sits at the Tavolo Tecnico for the Comunità della Val di Fiemme
EXCUSED = "inviante.fassa"
TABLE = "Tavolo Tecnico"

FIRST_PLACE = "Sala consiliare del Comune di Predazzo (incontro di prova)"
NEXT_PLACE = "Sede della Cooperativa sociale Le Rais, Tesero (incontro di prova)"
ITEM = "Calendario dei laboratori di falegnameria per l'inverno"
ITEM_NOTES = "Proposta delle cooperative: due pomeriggi alla settimana da dicembre a marzo."
NEXT_ITEM = "Approvazione del verbale dell'incontro precedente"
MINUTES = (
    "Presenti i rappresentanti delle cooperative e dei servizi invianti. "
    "Si discute il calendario dei laboratori di falegnameria per l'inverno."
)
DECISION = "Si approva il calendario dei laboratori: martedì e giovedì pomeriggio a Tesero."
ACTION = "Comunicare il calendario dei laboratori ai servizi invianti"
DUE_IN_DAYS = 14


# Helpers of this journey ------------------------------------------------------------------------


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def local_input(moment: datetime) -> str:
    """The value of a datetime-local field."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def post_form(page: Page, action: str) -> Locator:
    return page.locator(f"main form[method=post][action='{action}']")


def schedule(form: Locator, starts_at: datetime, place: str) -> None:
    form.locator("input[name=starts_at]").fill(local_input(starts_at))
    form.locator("input[name=place]").fill(place)


def add_agenda_item(page: Page, meeting: Meeting, title: str, notes: str = "") -> AgendaItem:
    form = post_form(page, url("governance:agenda_add", meeting.code))
    form.locator("input[name=title]").fill(title)
    if notes:
        form.locator("textarea[name=notes]").fill(notes)
    submit(page, form)
    item = AgendaItem.objects.get(meeting=meeting, title=title)
    assert item.notes == notes
    assert page.url.split("#")[0].endswith(url("governance:meeting", meeting.code))
    expect_success(page)
    expect(page.locator("main #agenda-title + ol")).to_contain_text(title)
    return item


def mark_held(page: Page, meeting: Meeting) -> None:
    submit(page, post_form(page, url("governance:meeting_held", meeting.code)))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    expect_success(page)
    expect(post_form(page, url("governance:meeting_held", meeting.code))).to_have_count(0)


# The journey ------------------------------------------------------------------------------------


def test_from_meeting_to_approved_minutes(page: Page, demo_district: str) -> None:
    base = demo_district
    today = timezone.localdate()
    users = get_user_model().objects
    member = users.get(username=MEMBER)
    owner = users.get(username=OWNER)
    excused = users.get(username=EXCUSED)
    table = Table.objects.get(name=TABLE)
    assert table.kind == Table.Kind.TECHNICAL
    assert {member, owner, excused} <= set(table.members.all())
    first_at = at(today - timedelta(days=7), 15)
    next_at = at(today, 9)
    due_on = today + timedelta(days=DUE_IN_DAYS)
    table_page = url("governance:table", table.code)

    # 1. A member of the table schedules a meeting with an item on the agenda. -----------------
    sign_in(page, base, MEMBER, check=True)
    page.goto(base + url("governance:tables"))
    check_accessibility(page, context="(the member's tables)")
    open_link(page, table_page)
    expect(page.get_by_role("heading", level=1)).to_have_text(TABLE)
    check_accessibility(page, context="(the Tavolo Tecnico)")

    form = post_form(page, url("governance:meeting_create", table.code))
    schedule(form, first_at, FIRST_PLACE)
    submit(page, form)

    first = Meeting.objects.get(table=table, place=FIRST_PLACE)
    first_page = url("governance:meeting", first.code)
    assert page.url.endswith(first_page)
    assert first.starts_at == first_at
    assert first.status == Meeting.Status.SCHEDULED
    assert first.created_by == member
    expect_success(page)
    expect(page.locator("main")).to_contain_text(FIRST_PLACE)
    check_accessibility(page, context="(first meeting, scheduled)")

    item = add_agenda_item(page, first, ITEM, ITEM_NOTES)
    assert item.order == 1
    check_accessibility(page, context="(first meeting with its agenda)")

    # 2. After the meeting: held, attendance and the minutes in draft. -------------------------
    mark_held(page, first)
    check_accessibility(page, context="(first meeting, held)")

    attendance = post_form(page, url("governance:attendance", first.code))
    statuses = {
        user_id: Attendance.Status.EXCUSED if user_id == excused.pk else Attendance.Status.PRESENT
        for user_id in table.memberships.values_list("user_id", flat=True)
    }
    for user_id, status in statuses.items():
        choose(attendance, f"attendance-{user_id}", status)
    submit(page, attendance)
    assert dict(first.attendances.values_list("user_id", "status")) == statuses
    expect_success(page)
    check_accessibility(page, context="(first meeting with the attendance)")

    minutes = post_form(page, url("governance:minutes", first.code))
    minutes.locator("textarea[name=minutes]").fill(MINUTES)
    submit(page, minutes)
    first.refresh_from_db()
    assert first.status == Meeting.Status.DRAFT
    assert first.minutes == MINUTES
    assert first.approved_at is None and first.minutes_approved_on is None
    expect_success(page)
    draft = post_form(page, url("governance:minutes", first.code))
    expect(draft.locator("textarea[name=minutes]")).to_have_value(MINUTES)
    check_accessibility(page, context="(first meeting, minutes in draft)")

    # 3. A decision on the item and an action for another member, with a due date. -------------
    decision_form = post_form(page, url("governance:decision_add", first.code))
    decision_form.locator("textarea[name=text]").fill(DECISION)
    decision_form.locator("select[name=agenda_item]").select_option(str(item.pk))
    submit(page, decision_form)
    decision = Decision.objects.get(meeting=first)
    assert decision.text == DECISION
    assert decision.agenda_item == item
    expect_success(page)
    expect(page.locator("main #decisions-title + ul")).to_contain_text(DECISION)
    check_accessibility(page, context="(first meeting with the decision)")

    action_form = post_form(page, url("governance:action_add", first.code))
    action_form.locator("textarea[name=text]").fill(ACTION)
    action_form.locator("select[name=owner]").select_option(str(owner.pk))
    action_form.locator("input[name=due_on]").fill(due_on.isoformat())
    submit(page, action_form)
    action = ActionItem.objects.get(meeting=first)
    assert action.text == ACTION
    assert action.owner == owner
    assert action.due_on == due_on
    assert action.status == ActionItem.Status.OPEN
    expect_success(page)
    expect(page.locator("main #actions-title + ul")).to_contain_text(ACTION)
    check_accessibility(page, context="(first meeting with the action)")

    # 4. The next meeting of the table approves the minutes of the first. -----------------------
    page.goto(base + table_page)
    expect(page.locator(f"main a[href='{first_page}']")).to_have_count(1)
    check_accessibility(page, context="(the Tavolo Tecnico with the first meeting)")
    page.goto(base + url("governance:meeting_create", table.code))
    check_accessibility(page, context="(form of the next meeting)")
    form = main_form(page)
    schedule(form, next_at, NEXT_PLACE)
    submit(page, form)

    following = Meeting.objects.get(table=table, place=NEXT_PLACE)
    next_page = url("governance:meeting", following.code)
    assert page.url.endswith(next_page)
    assert following.starts_at == next_at
    expect_success(page)
    check_accessibility(page, context="(next meeting, scheduled)")
    # Minutes are approved at a meeting that was held, not at one still to come.
    approve = url("governance:minutes_approve", following.code, first.code)
    expect(post_form(page, approve)).to_have_count(0)

    add_agenda_item(page, following, NEXT_ITEM)
    mark_held(page, following)
    check_accessibility(page, context="(next meeting, held, with minutes to approve)")

    expect(page.locator(f"main #minutes-title ~ ul a[href='{first_page}']")).to_have_count(1)
    submit(page, post_form(page, approve))
    assert page.url.split("#")[0].endswith(next_page)
    expect_success(page)
    expect(post_form(page, approve)).to_have_count(0)
    check_accessibility(page, context="(next meeting, minutes of the first approved)")

    # 5. The minutes of the first meeting are the record: approved, no longer editable. ---------
    first.refresh_from_db()
    assert first.status == Meeting.Status.APPROVED
    assert first.approved_at == following
    assert first.minutes_approved_on == today
    assert first.minutes == MINUTES
    assert list(first.decisions.values_list("text", "agenda_item")) == [(DECISION, item.pk)]
    assert list(first.action_items.values_list("text", "owner", "due_on")) == [
        (ACTION, owner.pk, due_on)
    ]
    following.refresh_from_db()
    assert following.status == Meeting.Status.HELD

    # The table lists the first meeting again; its page links to the meeting that approved it.
    open_link(page, table_page)
    check_accessibility(page, context="(the Tavolo Tecnico after the approval)")
    open_link(page, first_page)
    expect(page.locator(f"main a[href='{next_page}']")).to_have_count(1)
    expect(page.locator("main #minutes-title ~ div")).to_contain_text(MINUTES.split(". ")[0])
    # No form left to change the minutes, the agenda, the attendance or the decisions.
    for name in ("minutes", "agenda_add", "attendance", "decision_add"):
        expect(post_form(page, url(f"governance:{name}", first.code))).to_have_count(0)
    expect(page.locator("main textarea[name=minutes]")).to_have_count(0)
    check_accessibility(page, context="(first meeting, minutes approved)")

    # Sent anyway (an old tab, a forged request), the change is refused and nothing changes.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        base + url("governance:minutes", first.code),
        form={"csrfmiddlewaretoken": token, "minutes": "Verbale riscritto dopo l'approvazione."},
        headers={"Referer": base + first_page, "Origin": base},
    )
    assert response.status == 400, response.status
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=first, text="Verbale riscritto dopo l'approvazione.")
    first.refresh_from_db()
    assert first.status == Meeting.Status.APPROVED
    assert first.minutes == MINUTES
    sign_out(page)

    # The owner of the action finds it among his actions. ---------------------------------------
    sign_in(page, base, OWNER)
    page.goto(base + url("governance:my_actions"))
    row = page.locator("main tbody tr", has_text=ACTION)
    expect(row).to_have_count(1)
    expect(row.locator(f"a[href='{first_page}']")).to_have_text(TABLE)
    check_accessibility(page, context="(the owner's actions)")
