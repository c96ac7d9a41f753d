"""The individual plan /percorsi/<code>/piano/ (latest version), /piano/<version>/ (an earlier
one) and /piano/nuovo/ (a new version, up to 8 goals, next review by default in six months):
the care team writes, the referrer reads, everyone else gets 404."""

from datetime import UTC, date, datetime, timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html, page_text, redirected_to_login
from ponte.network.models import Role
from ponte.pathways import services
from ponte.pathways.models import Goal, Placement, Plan
from ponte.pathways.tests.people_helpers import company_service


def url(person, version=None) -> str:
    return f"/percorsi/{person.code}/piano/" + (f"{version}/" if version else "")


def create_url(person) -> str:
    return f"/percorsi/{person.code}/piano/nuovo/"


def data(
    goals=(("Arrivare puntuale", "2025-06-30"), ("Usare il trasporto pubblico", "")), **changes
):
    values = {
        "revision": "0",  # the latest version when the form was read: none
        "objectives": "Rafforzare l'autonomia",
        "next_review": "2025-12-01",
        "signed_on": "",
        "goals-TOTAL_FORMS": "8",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "8",
    }
    for n in range(8):
        text, target = goals[n] if n < len(goals) else ("", "")
        values[f"goals-{n}-text"] = text
        values[f"goals-{n}-target_date"] = target
    values.update(changes)
    return values


@pytest.fixture
def two_versions(person, worker_a):
    services.plan_write(
        person=person, by=worker_a, objectives="Prima versione", goals=[("Obiettivo uno", None)]
    )
    return services.plan_write(
        person=person,
        by=worker_a,
        objectives="Seconda versione",
        goals=[("Obiettivo due", date(2025, 9, 1)), ("Obiettivo tre", None)],
        signed_on=date.today(),
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(url(person)), url(person))
    assert redirected_to_login(client.get(create_url(person)), create_url(person))


def test_without_a_plan_the_page_says_so(client, worker_a, person):
    client.force_login(worker_a)
    response = client.get(url(person))
    assert response.status_code == 200
    assert italian_html("No individual plan yet.") in response.content.decode()


def test_the_latest_version_is_shown_with_the_earlier_ones_listed(
    client, worker_a, person, two_versions
):
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert "Seconda versione" in html and "Obiettivo due" in html
    assert "Prima versione" not in html
    assert url(person, 1) in html


def test_an_earlier_version_is_viewable(client, worker_a, person, two_versions):
    client.force_login(worker_a)
    response = client.get(url(person, 1))
    html = response.content.decode()
    assert "Prima versione" in html and "Obiettivo uno" in html
    assert italian_html("This is an earlier version of the plan.") in html


def test_an_unknown_version_gets_404(client, worker_a, person, two_versions):
    client.force_login(worker_a)
    assert client.get(url(person, 9)).status_code == 404


# Six months after 31 August is the last day of February: the 29th in a leap year.
@pytest.mark.time_machine(datetime(2027, 8, 31, 10, tzinfo=UTC))
def test_the_form_proposes_a_review_in_six_months_and_eight_goals(client, worker_a, person):
    client.force_login(worker_a)
    response = client.get(create_url(person))
    assert response.status_code == 200
    expected = date(2028, 2, 29)
    assert response.context["form"].initial["next_review"] == expected
    assert f'value="{expected.isoformat()}"' in response.content.decode()
    assert len(response.context["goals"].forms) == 8


def test_a_new_version_starts_from_the_goals_of_the_current_one(
    client, worker_a, person, two_versions
):
    client.force_login(worker_a)
    goals = client.get(create_url(person)).context["goals"]
    assert {f.initial.get("text") for f in goals.forms[:2]} == {"Obiettivo due", "Obiettivo tre"}
    assert len(goals.forms) == 8


def test_the_care_team_writes_a_new_version(client, worker_a, person, two_versions):
    client.force_login(worker_a)
    response = client.post(create_url(person), data(signed_on="2025-11-20", revision="2"))
    assert response.url == url(person)
    plan = Plan.objects.get(person=person, version=3)
    assert plan.next_review == date(2025, 12, 1)
    assert plan.signed_on == date(2025, 11, 20)
    assert plan.written_by == worker_a
    assert [(g.text, g.target_date) for g in plan.goals.order_by("id")] == [
        ("Arrivare puntuale", date(2025, 6, 30)),
        ("Usare il trasporto pubblico", None),
    ]
    # Earlier versions stay as they were.
    assert list(Plan.objects.get(person=person, version=2).goals.values_list("text", flat=True))


def test_a_plan_needs_a_goal(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(create_url(person), data(goals=()))
    assert response.status_code == 200
    assert italian_html("Write at least one goal.") in response.content.decode()
    assert not Plan.objects.exists()


def test_more_than_eight_goals_are_refused(client, worker_a, person):
    client.force_login(worker_a)
    values = data(**{"goals-TOTAL_FORMS": "9", "goals-8-text": "Nono", "goals-8-target_date": ""})
    response = client.post(create_url(person), values)
    assert response.status_code == 200
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()


def test_a_bad_date_saves_nothing(client, worker_a, person):
    client.force_login(worker_a)
    response = client.post(create_url(person), data(next_review="domani"))
    assert response.context["form"].has_error("next_review")
    assert not Plan.objects.exists()


def test_the_referrer_reads_but_does_not_write(client, referrer, person, two_versions):
    client.force_login(referrer)
    response = client.get(url(person))
    assert response.status_code == 200
    assert create_url(person) not in response.content.decode()
    assert client.get(create_url(person)).status_code == 403
    assert client.post(create_url(person), data()).status_code == 403
    assert Plan.objects.count() == 2


def test_a_hosting_tutor_gets_404(
    client, tutor, person, two_versions, make_placement, company, municipalities
):
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACTIVE,
    )
    client.force_login(tutor)
    assert client.get(url(person)).status_code == 404
    assert client.get(create_url(person)).status_code == 404


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator"])
def test_everyone_else_gets_404(client, request, person, two_versions, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404
    assert client.post(create_url(person), data()).status_code == 404
    assert Plan.objects.count() == 2


def test_the_next_review_defaults_are_shown_even_for_a_late_review(client, worker_a, person):
    services.plan_write(
        person=person,
        by=worker_a,
        objectives="",
        goals=[("Uno", None)],
        next_review=date.today() - timedelta(days=3),
    )
    client.force_login(worker_a)
    assert client.get(url(person)).status_code == 200


def test_the_form_carries_the_latest_version_it_was_read_at(client, worker_a, person, two_versions):
    client.force_login(worker_a)
    html = client.get(create_url(person)).content.decode()
    assert '<input type="hidden" name="revision" value="2"' in html


def test_a_stale_form_is_refused_with_what_changed_and_nothing_is_saved(
    client, worker_a, make_user, org_a, person, two_versions
):
    colleague = make_user(
        "collega.a", org_a, Role.CASE_WORKER, first_name="Carla", last_name="Ferrari"
    )
    # The colleague saves version 3 while worker_a still has the form read at version 2 open.
    services.plan_write(
        person=person,
        by=colleague,
        objectives="Terza versione",
        goals=[("Obiettivo due", date(2025, 9, 1)), ("Obiettivo tre", None)],
        next_review=date(2025, 12, 1),
        read_version=2,
    )
    client.force_login(worker_a)
    response = client.post(create_url(person), data(revision="2"))
    assert response.status_code == 200
    assert list(person.plans.values_list("version", flat=True)) == [3, 2, 1]
    html = page_text(response)
    assert "Carla Ferrari" in html
    assert (
        italian("%(field)s, saved now: %(value)s")
        % {"field": italian("General objectives"), "value": "Terza versione"}
        in html
    )
    assert (
        italian("%(field)s, saved now: %(value)s")
        % {"field": italian("Goals"), "value": "Obiettivo due (01/09/2025); Obiettivo tre"}
        in html
    )
    assert italian("Next review") + "," not in html  # the same on both sides
    # The user's values stay; the form now carries version 3: saving again is on purpose.
    assert response.context["form"]["objectives"].value() == "Rafforzare l'autonomia"
    assert '<input type="hidden" name="revision" value="3"' in html
    assert client.post(create_url(person), data(revision="3")).status_code == 302
    assert person.plans.first().version == 4
    assert person.plans.first().objectives == "Rafforzare l'autonomia"


def test_a_first_version_is_refused_when_somebody_wrote_one_meanwhile(client, worker_a, person):
    services.plan_write(
        person=person, by=worker_a, objectives="Scritta prima", goals=[("Uno", None)]
    )
    client.force_login(worker_a)
    response = client.post(create_url(person), data(revision="0"))
    assert response.status_code == 200
    assert list(person.plans.values_list("objectives", flat=True)) == ["Scritta prima"]
