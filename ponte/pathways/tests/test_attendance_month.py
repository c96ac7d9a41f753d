"""The month grid of the attendance register /percorsi/inserimenti/<code>/presenze/<y>/<m>/: one
row per day, prefilled, saved all or nothing by the tutor or the care team; totals."""

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.utils import formats
from django.utils.html import escape

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.network.models import Organisation, Role
from ponte.pathways import services
from ponte.pathways.models import Placement
from ponte.pathways.services.attendance import DayInput
from ponte.pathways.tests.placement_helpers import company_service, placement_at

START = date(2025, 3, 10)  # a Monday
END = date(2025, 6, 30)


def url(placement, year: int = 2025, month: int = 3) -> str:
    return f"/percorsi/inserimenti/{placement.code}/presenze/{year}/{month}/"


@pytest.fixture
def hosted(company, municipalities):
    return company_service(company, municipalities)


@pytest.fixture
def placement(person, hosted, worker_a):
    """Active from Monday 10 March 2025 to 30 June 2025, 15 hours a week (3 a working day),
    in a service of the company `tutor` works for."""
    return placement_at(
        person, hosted, worker_a, Placement.Status.ACTIVE, start=START, days=(END - START).days
    )


def record(placement, by, **days: tuple[str, str]) -> None:
    services.attendance_record(
        placement=placement,
        by=by,
        days={
            date.fromisoformat(day.removeprefix("d")): DayInput(Decimal(h), a)
            for day, (h, a) in days.items()
        },
    )


def month_data(revision: int = 0, **rows: tuple[str, str]) -> dict[str, str]:
    """POST data of March 2025 read at `revision`: the days given as day=(hours, absence), the
    others empty."""
    data = {"revision": str(revision)}
    for day in range(10, 32):
        hours, absence = rows.get(f"d{day}", ("", ""))
        data[f"hours_{day}"] = hours
        data[f"absence_{day}"] = absence
    return data


def revision(placement) -> int:
    """The revision of March 2025 as a grid read now carries it."""
    month = placement.attendance_months.filter(month=date(2025, 3, 1)).first()
    return month.revision if month else 0


def saved(placement) -> dict[int, tuple[Decimal, str]]:
    return {a.day.day: (a.hours, a.absence) for a in placement.attendance.all()}


def test_anonymous_visitors_are_sent_to_sign_in(client, placement):
    assert redirected_to_login(client.get(url(placement)), url(placement))
    assert redirected_to_login(client.post(url(placement), month_data()), url(placement))


@pytest.mark.parametrize(("year", "month"), [(2025, 13), (2025, 0), (0, 3), (99999, 1)])
def test_a_month_that_does_not_exist_is_not_found(client, worker_a, placement, year, month):
    client.force_login(worker_a)
    assert client.get(url(placement, year, month)).status_code == 404


def test_the_grid_has_a_row_per_day_with_the_days_outside_disabled(client, tutor, placement):
    client.force_login(tutor)
    response = client.get(url(placement))
    assert response.status_code == 200
    rows = response.context["grid"].rows
    assert len(rows) == 31
    assert [row.in_period for row in rows] == [False] * 9 + [True] * 22
    html = response.content.decode()
    assert '<input type="number" name="hours_3" step="0.5" min="0" max="12"' in html
    assert html.count("disabled") == 18  # two inputs on each of the nine days outside
    hours_label = italian("Hours present on %(day)s") % {
        "day": formats.date_format(date(2025, 3, 12), "j F")
    }
    assert f'<label class="visually-hidden" for="id_hours_12">{escape(hours_label)}</label>' in html
    absence_label = italian("Reason of absence on %(day)s") % {
        "day": formats.date_format(date(2025, 3, 12), "j F")
    }
    assert (
        f'<label class="visually-hidden" for="id_absence_12">{escape(absence_label)}</label>'
        in html
    )
    assert "<caption>" in html and '<th scope="row">' in html
    assert f'href="{url(placement, 2025, 2)}"' in html
    assert f'href="{url(placement, 2025, 4)}"' in html


def test_the_grid_is_prefilled_and_totalled(client, tutor, worker_a, placement):
    record(
        placement,
        worker_a,
        d20250310=("3", ""),
        d20250311=("2.5", ""),
        d20250312=("0", "illness"),
        d20250313=("0", "illness"),
        d20250314=("0", "holiday"),
    )
    client.force_login(tutor)
    response = client.get(url(placement))
    form = response.context["form"]
    assert form["hours_10"].value() == "3"
    assert form["hours_11"].value() == "2.5"
    assert form["absence_12"].value() == "illness"
    assert form["hours_12"].value() == ""
    totals = response.context["grid"].totals
    assert totals.hours_present == Decimal("5.5")
    assert totals.planned_hours == Decimal("48.00")  # 16 working days × 3 hours
    assert totals.rate == Decimal("11.5")
    assert totals.days_present == 2
    assert totals.absences == [(italian("Illness"), 2), (italian("Holiday"), 1)]
    assert totals.days_absent == 3
    html = response.content.decode()
    assert "11,5%" in html  # localised


def test_the_tutor_saves_the_whole_month(client, tutor, placement):
    client.force_login(tutor)
    response = client.post(
        url(placement),
        month_data(d10=("4", ""), d11=("3.5", ""), d12=("", "unjustified")),
    )
    assert response.status_code == 302
    assert response.url == url(placement)
    assert messages_of(response)[0][0] == "success"
    assert saved(placement) == {
        10: (Decimal("4"), ""),
        11: (Decimal("3.5"), ""),
        12: (Decimal("0"), "unjustified"),
    }
    assert {a.recorded_by for a in placement.attendance.all()} == {tutor}


def test_an_empty_row_clears_the_day_and_unchanged_days_stay(client, worker_a, placement):
    record(placement, worker_a, d20250310=("3", ""), d20250311=("3", ""))
    client.force_login(worker_a)
    client.post(url(placement), month_data(revision(placement), d10=("3", "")))
    assert saved(placement) == {10: (Decimal("3"), "")}


def test_a_day_outside_the_placement_is_refused_and_nothing_is_saved(client, tutor, placement):
    client.force_login(tutor)
    data = month_data(d10=("3", ""))
    data["hours_3"] = "4"
    response = client.post(url(placement), data)
    assert response.status_code == 200
    message = italian("%(day)s is outside the placement (%(start)s – %(end)s).") % {
        "day": "03/03/2025",
        "start": "10/03/2025",
        "end": "30/06/2025",
    }
    assert message in unescape(response.content.decode())
    assert saved(placement) == {}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("13", ""), "%(day)s: hours must be between 0 and 12."),
        (("4", "illness"), "%(day)s: an absence cannot have hours present."),
        (("0", ""), "%(day)s: give the hours present or the reason of absence."),
    ],
)
def test_bad_rows_are_listed_with_the_day_and_nothing_is_saved(
    client, tutor, placement, row, message
):
    client.force_login(tutor)
    response = client.post(url(placement), month_data(d10=("3", ""), d11=row))
    assert response.status_code == 200
    assert italian(message) % {"day": "11/03/2025"} in unescape(response.content.decode())
    assert saved(placement) == {}


def test_hours_that_are_not_a_number_are_refused_with_the_day(client, tutor, placement):
    client.force_login(tutor)
    response = client.post(url(placement), month_data(d10=("3", ""), d11=("tre", "")))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        italian("Hours present on %(day)s") % {"day": formats.date_format(date(2025, 3, 11), "j F")}
        in html
    )
    assert saved(placement) == {}


def test_the_referrer_reads_the_grid_but_may_not_save_it(client, referrer, placement):
    client.force_login(referrer)
    response = client.get(url(placement))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert response.content.decode().count("disabled") == 62
    assert client.post(url(placement), month_data(d10=("3", ""))).status_code == 403
    assert saved(placement) == {}


def test_outsiders_do_not_find_the_register(
    client, worker_b, make_organisation, make_user, placement
):
    other = make_organisation("Segheria Omega", kind=Organisation.Kind.COMPANY)
    other_tutor = make_user("tutor.omega", other, Role.COMPANY_TUTOR)
    for user in (worker_b, other_tutor):
        client.force_login(user)
        assert client.get(url(placement)).status_code == 404
        assert client.post(url(placement), month_data(d10=("3", ""))).status_code == 404
    assert saved(placement) == {}


def test_a_placement_not_yet_started_has_a_read_only_register(client, worker_a, person, hosted):
    placement = placement_at(person, hosted, worker_a, Placement.Status.ACCEPTED, start=START)
    client.force_login(worker_a)
    response = client.get(url(placement))
    assert response.context["editable"] is False
    assert italian("Attendance is registered once the placement is active.") in (
        response.content.decode()
    )
    response = client.post(url(placement), month_data(d10=("3", "")))
    assert response.status_code == 200
    assert saved(placement) == {}


def test_the_placement_page_sums_up_each_month_with_a_link_to_its_grid(client, worker_a, placement):
    record(placement, worker_a, d20250310=("3", ""), d20250311=("0", "illness"))
    client.force_login(worker_a)
    response = client.get(f"/percorsi/inserimenti/{placement.code}/")
    months = {m.first: m for m in response.context["months"]}
    march = months[date(2025, 3, 1)]
    assert (march.hours_present, march.planned_hours, march.days_absent) == (
        Decimal("3"),
        Decimal("48.00"),
        1,
    )
    assert date(2025, 6, 1) in months  # every month of the period, recorded or not
    assert f'href="{url(placement, 2025, 3)}"' in response.content.decode()


def test_days_missing_from_the_post_stay_as_they_were(client, worker_a, placement):
    """Issue 15: a grid sent without some of its days deleted them. A day not sent is no change."""
    record(
        placement,
        worker_a,
        d20250310=("3", ""),
        d20250311=("3", ""),
        d20250312=("0", "illness"),
    )
    client.force_login(worker_a)
    data = month_data(revision(placement), d10=("4", ""), d11=("3", ""), d12=("", "illness"))
    for day in (11, 12):  # a truncated POST: these rows never arrived
        del data[f"hours_{day}"], data[f"absence_{day}"]
    response = client.post(url(placement), data)
    assert response.status_code == 302
    assert saved(placement) == {
        10: (Decimal("4"), ""),
        11: (Decimal("3"), ""),
        12: (Decimal("0"), "illness"),
    }


def test_a_post_with_no_days_changes_nothing(client, worker_a, placement):
    record(placement, worker_a, d20250310=("3", ""), d20250311=("0", "holiday"))
    client.force_login(worker_a)
    response = client.post(url(placement), {"revision": revision(placement)})
    assert response.status_code == 302
    assert saved(placement) == {10: (Decimal("3"), ""), 11: (Decimal("0"), "holiday")}


def test_a_recorded_day_is_cleared_with_its_clear_box(client, tutor, worker_a, placement):
    record(placement, worker_a, d20250310=("3", ""), d20250311=("0", "illness"))
    client.force_login(tutor)
    html = client.get(url(placement)).content.decode()
    clear_label = italian("Clear the record of %(day)s") % {
        "day": formats.date_format(date(2025, 3, 11), "j F")
    }
    assert '<input type="checkbox" name="clear_11"' in html
    # The label draws the box (Bootstrap Italia); its words are for screen readers.
    assert f'<span class="visually-hidden">{escape(clear_label)}</span></label>' in html
    assert 'name="clear_12"' not in html  # nothing recorded, nothing to clear
    data = month_data(revision(placement), d10=("3", ""), d11=("", "illness"))
    data["clear_11"] = "on"
    response = client.post(url(placement), data)
    assert response.status_code == 302
    assert saved(placement) == {10: (Decimal("3"), "")}


def test_the_form_carries_the_revision_it_was_read_at(client, worker_a, placement):
    client.force_login(worker_a)
    assert 'name="revision" value="0"' in client.get(url(placement)).content.decode()
    record(placement, worker_a, d20250310=("3", ""))
    assert 'name="revision" value="1"' in client.get(url(placement)).content.decode()


def test_a_grid_without_its_revision_is_refused(client, worker_a, placement):
    client.force_login(worker_a)
    data = month_data(d10=("3", ""))
    del data["revision"]
    response = client.post(url(placement), data)
    assert response.status_code == 200
    assert saved(placement) == {}


def test_a_stale_grid_is_refused_with_what_changed_and_nothing_is_saved(
    client, tutor, worker_a, placement
):
    client.force_login(tutor)
    read_at = revision(placement)
    # Meanwhile the case worker saves the same month from another page.
    client.force_login(worker_a)
    client.post(url(placement), month_data(read_at, d10=("3", "")))
    assert saved(placement) == {10: (Decimal("3"), "")}
    client.force_login(tutor)
    response = client.post(url(placement), month_data(read_at, d10=("4", ""), d13=("2", "")))
    assert response.status_code == 200
    assert saved(placement) == {10: (Decimal("3"), "")}  # nothing of the tutor's is saved
    assert response.context["conflict"] is not None
    html = unescape(response.content.decode())
    assert str(worker_a) in html
    assert (
        italian("%(field)s, saved now: %(value)s")
        % {
            "field": formats.date_format(date(2025, 3, 10), "j F"),
            "value": italian("%(hours)s hours present") % {"hours": "3"},
        }
        in html
    )
    assert (
        italian("%(field)s, saved now: %(value)s")
        % {
            "field": formats.date_format(date(2025, 3, 13), "j F"),
            "value": italian("nothing recorded"),
        }
        in html
    )
    # The tutor's values stay in the form, which now carries the revision saved: having seen
    # what changed, the tutor may save again on purpose.
    assert response.context["form"]["hours_10"].value() == "4"
    assert f'name="revision" value="{revision(placement)}"' in html
    again = client.post(url(placement), month_data(revision(placement), d10=("4", "")))
    assert again.status_code == 302
    assert saved(placement) == {10: (Decimal("4"), "")}
