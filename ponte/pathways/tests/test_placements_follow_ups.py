"""Recording a follow-up /percorsi/inserimenti/<code>/monitoraggi/<months>/: the care team only;
bad input gives a clear message and saves nothing."""

from datetime import timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.pathways.models import Placement
from ponte.pathways.tests.placement_helpers import TODAY, company_service, placement_at


def url(placement, months: int = 1) -> str:
    return f"/percorsi/inserimenti/{placement.code}/monitoraggi/{months}/"


@pytest.fixture
def ended(person, company, municipalities, worker_a):
    hosted = company_service(company, municipalities)
    return placement_at(person, hosted, worker_a, Placement.Status.ENDED)


def data(**changes) -> dict:
    values = {
        "done_on": (TODAY + timedelta(days=1)).isoformat(),
        "employed": "yes",
        "employer": "Pastificio Gamma",
        "contract_type": Placement.Contract.FIXED_TERM,
    }
    values.update(changes)
    return values


def test_anonymous_visitors_are_sent_to_sign_in(client, ended):
    assert redirected_to_login(client.get(url(ended)), url(ended))


def test_the_care_team_records_a_follow_up(client, worker_a, ended):
    client.force_login(worker_a)
    assert client.get(url(ended, 3)).status_code == 200
    response = client.post(url(ended, 3), data())
    assert response.status_code == 302
    assert response.url == f"/percorsi/inserimenti/{ended.code}/"
    assert messages_of(response) == [("success", italian("The follow-up has been recorded."))]
    follow_up = ended.follow_ups.get(months=3)
    assert follow_up.done_on == TODAY + timedelta(days=1)
    assert follow_up.employed is True
    assert follow_up.employer == "Pastificio Gamma"
    assert follow_up.contract_type == Placement.Contract.FIXED_TERM
    assert follow_up.recorded_by == worker_a
    html = client.get(response.url).content.decode()
    assert "Pastificio Gamma" in html


def test_not_employed_clears_the_employer(client, worker_a, ended):
    client.force_login(worker_a)
    client.post(url(ended), data(employed="no"))
    follow_up = ended.follow_ups.get(months=1)
    assert (follow_up.employed, follow_up.employer, follow_up.contract_type) == (False, "", "")


def test_employed_without_an_employer_is_refused(client, worker_a, ended):
    client.force_login(worker_a)
    response = client.post(url(ended), data(employer=""))
    assert response.status_code == 200
    assert italian_html("Who employs the person?") in response.content.decode()
    assert ended.follow_ups.get(months=1).done_on is None


def test_a_follow_up_before_the_end_is_refused(client, worker_a, ended):
    client.force_login(worker_a)
    response = client.post(url(ended), data(done_on=(TODAY - timedelta(days=5)).isoformat()))
    assert italian_html("A follow-up comes after the end of the placement.") in (
        response.content.decode()
    )
    assert ended.follow_ups.get(months=1).done_on is None


def test_a_follow_up_that_is_not_scheduled_is_not_found(client, worker_a, ended):
    client.force_login(worker_a)
    assert client.get(url(ended, 2)).status_code == 404


def test_a_placement_still_running_has_no_follow_ups(client, worker_a, make_placement, person):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    client.force_login(worker_a)
    assert client.get(url(placement)).status_code == 404


@pytest.mark.parametrize(("user", "status"), [("tutor", 403), ("referrer", 403), ("worker_b", 404)])
def test_others_may_not_record_follow_ups(client, request, ended, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.post(url(ended), data()).status_code == status
    assert ended.follow_ups.get(months=1).done_on is None
