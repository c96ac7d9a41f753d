"""Publishing, closing and reopening an opening: POST /opportunita/<code>/stato/ by its
managers; a refused step leaves it as it was, with a message."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import company_tutor, make_opening, page, transition

DRAFT, OPEN, CLOSED = Opening.Status.DRAFT, Opening.Status.OPEN, Opening.Status.CLOSED

MESSAGES = {
    OPEN: "The opening is open: it appears in the public list.",
    CLOSED: "The opening is closed: it no longer appears in the public list.",
}


@pytest.mark.parametrize(
    ("start", "to"), [(DRAFT, OPEN), (DRAFT, CLOSED), (OPEN, CLOSED), (CLOSED, OPEN)]
)
def test_a_manager_moves_the_opening_along(client, company, tutor, start, to):
    opening = make_opening(company, tutor, status=start)
    client.force_login(tutor)
    response = client.post(transition(opening), {"to": to})
    assert response.status_code == 302
    assert response.url == page(opening)
    assert messages_of(response) == [("success", italian(MESSAGES[to]))]
    opening.refresh_from_db()
    assert opening.status == to


@pytest.mark.parametrize(
    ("start", "to"),
    [(DRAFT, DRAFT), (OPEN, OPEN), (OPEN, DRAFT), (CLOSED, CLOSED), (CLOSED, DRAFT)],
)
def test_a_refused_step_changes_nothing_and_says_why(client, company, tutor, start, to):
    opening = make_opening(company, tutor, status=start)
    client.force_login(tutor)
    response = client.post(transition(opening), {"to": to})
    assert response.status_code == 302
    assert response.url == page(opening)
    expected = italian("An opening that is %(current)s cannot become %(target)s.") % {
        "current": italian(str(Opening.Status(start).label)).lower(),
        "target": italian(str(Opening.Status(to).label)).lower(),
    }
    assert messages_of(response) == [("error", expected)]
    opening.refresh_from_db()
    assert opening.status == start


@pytest.mark.parametrize("data", [{}, {"to": "archived"}])
def test_an_unknown_status_changes_nothing(client, company, tutor, data):
    opening = make_opening(company, tutor, status=DRAFT)
    client.force_login(tutor)
    response = client.post(transition(opening), data)
    assert response.status_code == 302
    assert messages_of(response) == [
        ("error", italian("Choose the status the opening should move to."))
    ]
    opening.refresh_from_db()
    assert opening.status == DRAFT


def test_it_accepts_only_post(client, company, tutor):
    opening = make_opening(company, tutor)
    client.force_login(tutor)
    assert client.get(transition(opening)).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, company, tutor):
    opening = make_opening(company, tutor)
    response = client.post(transition(opening), {"to": CLOSED})
    assert redirected_to_login(response, transition(opening))
    opening.refresh_from_db()
    assert opening.status == OPEN


def test_who_may_see_but_not_manage_is_refused(client, company, tutor, make_user, org_b):
    opening = make_opening(company, tutor)
    draft = make_opening(company, tutor, status=DRAFT)
    client.force_login(company_tutor(make_user, org_b, "tutor.beta"))
    assert client.post(transition(opening), {"to": CLOSED}).status_code == 403
    assert client.post(transition(draft), {"to": OPEN}).status_code == 404
    opening.refresh_from_db()
    draft.refresh_from_db()
    assert (opening.status, draft.status) == (OPEN, DRAFT)


@pytest.mark.parametrize("user", ["worker_a", "contact_a", "coordinator"])
def test_other_roles_may_not_close_an_opening(client, request, user, company, tutor):
    opening = make_opening(company, tutor)
    client.force_login(request.getfixturevalue(user))
    assert client.post(transition(opening), {"to": CLOSED}).status_code == 403
    opening.refresh_from_db()
    assert opening.status == OPEN


def test_a_closed_opening_leaves_the_public_list_and_comes_back_when_reopened(
    client, company, tutor
):
    opening = make_opening(company, tutor, title="Aiuto pastaio")
    assert "Aiuto pastaio" in client.get("/opportunita/").content.decode()
    client.force_login(tutor)
    client.post(transition(opening), {"to": CLOSED})
    client.logout()
    assert "Aiuto pastaio" not in client.get("/opportunita/").content.decode()
    client.force_login(tutor)
    client.post(transition(opening), {"to": OPEN})
    client.logout()
    assert "Aiuto pastaio" in client.get("/opportunita/").content.decode()
