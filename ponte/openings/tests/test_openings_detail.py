"""The page of an opening /opportunita/<code>/: public when open, without the tutor; known only
to its managers while a draft; with the edit link, the status buttons and the tutor for them."""

import pytest
from auditlog.models import LogEntry

from ponte.core.tests.helpers import italian
from ponte.network.models import Role
from ponte.openings import views as opening_views
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import company_tutor, edit, make_opening, page, transition


@pytest.fixture
def opening(company, tutor) -> Opening:
    return make_opening(
        company, tutor, title="Aiuto pastaio", tutor=tutor, skills="HACCP, lavoro in squadra"
    )


def test_anonymous_visitors_read_an_open_opening(client, opening):
    response = client.get(page(opening))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aiuto pastaio" in html
    assert "Pastificio Gamma" in html
    assert "Preparazione dell&#x27;impasto" in html
    assert "Tirocinio in azienda" in html
    assert "HACCP" in html and "lavoro in squadra" in html
    assert italian("Monday") in html and italian("Friday") in html
    assert opening.ends_on.strftime("%d/%m/%Y") in html
    # The panels that other apps registered (none of this app's own).
    assert response.context["extra_panels"] == opening_views.EXTRA_PANELS


def test_the_public_page_shows_no_tutor_and_no_way_to_change_it(client, opening, tutor):
    html = client.get(page(opening)).content.decode()
    main = html.split("<main", 1)[1]
    for personal in ("Dellantonio", "Paolo", tutor.email, tutor.username):
        assert personal not in main, personal
    assert f'href="{edit(opening)}"' not in html
    assert f'action="{transition(opening)}"' not in html


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "worker_a", "nobody"])
def test_users_who_do_not_manage_it_see_the_public_facts_only(client, request, user, opening):
    client.force_login(request.getfixturevalue(user))
    response = client.get(page(opening))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dellantonio" not in html.split("<main", 1)[1]
    assert f'href="{edit(opening)}"' not in html
    assert not response.context["can_manage"]


def test_the_host_s_tutors_see_the_tutor_edit_link_and_status_buttons(
    client, opening, make_user, company
):
    client.force_login(company_tutor(make_user, company, "tutor.gamma2"))
    response = client.get(page(opening))
    html = response.content.decode()
    assert "Paolo Dellantonio" in html
    assert f'href="{edit(opening)}"' in html
    assert f'action="{transition(opening)}"' in html
    assert 'name="to" value="closed"' in html
    assert 'name="to" value="open"' not in html
    assert italian("Close") in html


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (Opening.Status.DRAFT, ["Publish", "Close"]),
        (Opening.Status.OPEN, ["Close"]),
        (Opening.Status.CLOSED, ["Reopen"]),
    ],
)
def test_the_buttons_offer_the_allowed_transitions(client, company, tutor, status, buttons):
    opening = make_opening(company, tutor, status=status)
    client.force_login(tutor)
    html = client.get(page(opening)).content.decode()
    for label in ("Publish", "Close", "Reopen"):
        shown = f">{italian(label)}</button>" in html
        assert shown is (label in buttons), label


def test_a_draft_is_not_found_by_who_may_not_edit_it(
    client, company, tutor, contact_a, worker_a, make_user, org_b
):
    draft = make_opening(company, tutor, status=Opening.Status.DRAFT)
    assert client.get(page(draft)).status_code == 404
    for user in (
        company_tutor(make_user, org_b, "tutor.beta"),
        contact_a,
        worker_a,
        make_user("inviante", org_b, Role.REFERRER),
    ):
        client.force_login(user)
        assert client.get(page(draft)).status_code == 404, user


def test_a_draft_is_found_by_its_managers(client, company, tutor, worker_a):
    draft = make_opening(company, worker_a, status=Opening.Status.DRAFT)
    for user in (tutor, worker_a):
        client.force_login(user)
        response = client.get(page(draft))
        assert response.status_code == 200
        assert italian("Draft") in response.content.decode()


def test_a_closed_opening_is_known_to_case_workers_only_besides_its_managers(
    client, company, tutor, worker_a, contact_a
):
    closed = make_opening(company, tutor, status=Opening.Status.CLOSED)
    assert client.get(page(closed)).status_code == 404
    client.force_login(contact_a)
    assert client.get(page(closed)).status_code == 404
    client.force_login(worker_a)
    response = client.get(page(closed))
    assert response.status_code == 200
    assert italian("Closed") in response.content.decode()


def test_an_unknown_opening_is_not_found(client, municipalities):
    assert client.get("/opportunita/NOSUCHCODE/").status_code == 404


def test_other_apps_add_their_panels_to_the_page(client, opening, monkeypatch):
    monkeypatch.setattr(opening_views, "EXTRA_PANELS", ["openings/_status_badge.html"])
    response = client.get(page(opening))
    assert response.context["extra_panels"] == ["openings/_status_badge.html"]
    assert f">{italian('Open')}</span>" in response.content.decode()


def test_reading_an_opening_records_nothing_in_the_audit_trail(client, opening, tutor):
    client.force_login(tutor)
    client.get(page(opening))
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_anonymous_visitors_get_the_page_from_the_cache_until_the_opening_changes(
    client, opening, django_assert_max_num_queries
):
    client.get(page(opening))
    with django_assert_max_num_queries(1):
        assert client.get(page(opening)).status_code == 200
    opening.title = "Pastaio esperto"
    opening.save()
    assert "Pastaio esperto" in client.get(page(opening)).content.decode()
    opening.status = Opening.Status.DRAFT
    opening.save()
    assert client.get(page(opening)).status_code == 404
