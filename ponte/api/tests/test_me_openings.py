"""The openings a token's user manages, through the API: listed, created, changed and moved
between draft, open and closed through the site's form and services, by company tutors and case
workers only."""

import json
from datetime import timedelta

import pytest

from ponte.api.models import Scope
from ponte.api.tests.api_helpers import bearer, fields_of, make_token
from ponte.core.tests.helpers import TESERO
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import START, make_opening

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/openings"


def body(**changes: object) -> str:
    data: dict[str, object] = {
        "kind": "extracurricular",
        "title": "Magazziniere",
        "tasks": "Ricevimento merci e inventario.",
        "min_level": 3,
        "skills": " muletto,  inventario , Muletto,",
        "hours_per_week": 25,
        "days": [1, 0],
        "municipality": TESERO,
        "places": 2,
        "starts_on": START.isoformat(),
        "ends_on": (START + timedelta(days=90)).isoformat(),
    }
    data.update(changes)
    return json.dumps(data)


def send(client, method: str, url: str, secret: str, data: str = ""):
    return getattr(client, method)(url, data, content_type="application/json", **bearer(secret))


def test_it_lists_the_openings_the_user_manages(client, company, tutor, org_a, worker_a):
    own = make_opening(company, tutor, status=Opening.Status.DRAFT)
    make_opening(org_a, worker_a, title="Altrove")
    _token, secret = make_token(tutor, [Scope.OPENINGS_READ])
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["items"]] == [own.code]
    assert "tutor" not in response.json()["items"][0]


def test_it_creates_a_draft_opening_through_the_sites_form(client, company, tutor):
    _token, secret = make_token(tutor, [Scope.OPENINGS_WRITE])
    response = send(client, "post", URL, secret, body())
    assert response.status_code == 201, response.content
    opening = Opening.objects.get()
    assert opening.host == company and opening.created_by == tutor
    assert opening.status == Opening.Status.DRAFT
    assert opening.skills == "muletto, inventario"  # cleaned by the site's form
    assert opening.days == [0, 1]
    assert response.json()["min_level"] == 3


def test_it_refuses_bad_input_with_field_errors_and_saves_nothing(client, tutor):
    _token, secret = make_token(tutor, [Scope.OPENINGS_WRITE])
    ends_before = (START - timedelta(days=1)).isoformat()
    response = send(client, "post", URL, secret, body(min_level=42, days=[9], ends_on=ends_before))
    assert response.status_code == 422
    assert {"body.min_level", "body.days"} <= fields_of(response)
    too_many = send(client, "post", URL, secret, body(places=99))
    assert too_many.status_code == 422 and "body.places" in fields_of(too_many)
    assert not Opening.objects.exists()


def test_it_changes_an_opening_and_keeps_its_tutor(client, company, tutor):
    opening = make_opening(company, tutor, status=Opening.Status.DRAFT, tutor=tutor)
    _token, secret = make_token(tutor, [Scope.OPENINGS_WRITE])
    response = send(client, "put", f"{URL}/{opening.code}", secret, body(title="Pastaio"))
    assert response.status_code == 200, response.content
    opening.refresh_from_db()
    assert opening.title == "Pastaio" and opening.tutor == tutor


def test_it_publishes_and_refuses_a_transition_that_is_not_allowed(client, company, tutor):
    opening = make_opening(company, tutor, status=Opening.Status.DRAFT)
    _token, secret = make_token(tutor, [Scope.OPENINGS_WRITE])
    url = f"{URL}/{opening.code}/status"
    published = send(client, "post", url, secret, json.dumps({"to": "open"}))
    assert published.status_code == 200 and published.json()["status"] == "open"
    refused = send(client, "post", url, secret, json.dumps({"to": "draft"}))
    assert refused.status_code == 422 and refused.json()["errors"]
    opening.refresh_from_db()
    assert opening.status == Opening.Status.OPEN


def test_it_does_not_find_another_organisations_opening(client, org_a, worker_a, tutor):
    theirs = make_opening(org_a, worker_a, status=Opening.Status.OPEN)
    _token, secret = make_token(tutor)
    url = f"{URL}/{theirs.code}"
    assert send(client, "put", url, secret, body()).status_code == 404
    closing = send(client, "post", f"{url}/status", secret, json.dumps({"to": "closed"}))
    assert closing.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Opening.Status.OPEN


def test_it_refuses_a_role_that_may_not_manage_openings(client, contact_a):
    _token, secret = make_token(contact_a)
    assert client.get(URL, **bearer(secret)).status_code == 403
    assert send(client, "post", URL, secret, body()).status_code == 403
    assert not Opening.objects.exists()


def test_it_refuses_a_token_without_the_scope(client, tutor):
    _token, secret = make_token(tutor, [Scope.OPENINGS_READ])
    response = send(client, "post", URL, secret, body())
    assert response.status_code == 403 and "openings:write" in response.json()["detail"]
    assert not Opening.objects.exists()


def test_the_list_costs_the_same_queries_whatever_the_data(
    client, company, tutor, django_assert_num_queries
):
    make_opening(company, tutor)
    _token, secret = make_token(tutor, [Scope.OPENINGS_READ])
    client.get(URL, **bearer(secret))
    for n in range(8):
        make_opening(company, tutor, title=f"Posto {n}")
    with django_assert_num_queries(3):
        response = client.get(URL, **bearer(secret))
    assert response.json()["count"] == 9
