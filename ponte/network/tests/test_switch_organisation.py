"""The organisation switcher POST /account/organizzazione/: a user with roles in several
organisations chooses the one they act for."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.network.middleware import SESSION_KEY

URL = "/account/organizzazione/"


@pytest.fixture
def roles(two_roles, org_a, org_b):
    """two_roles: case worker of A (acting for it at first), member contact of B."""
    return {
        "a": two_roles.memberships.get(organisation=org_a),
        "b": two_roles.memberships.get(organisation=org_b),
    }


def selected_option(html: str, membership) -> bool:
    return f'<option value="{membership.code}" selected>' in html


def test_a_user_with_two_roles_acts_for_the_first_at_first(client, two_roles, roles):
    client.force_login(two_roles)
    response = client.get("/area-personale/")
    assert response.context["current_membership"] == roles["a"]
    html = response.content.decode()
    assert selected_option(html, roles["a"])
    assert f'<option value="{roles["b"].code}">' in html


def test_a_user_with_two_roles_switches(client, two_roles, roles, org_b):
    client.force_login(two_roles)
    response = client.post(URL, {"membership": roles["b"].code, "next": "/area-personale/"})
    assert response.status_code == 302
    assert response.url == "/area-personale/"
    assert client.session[SESSION_KEY] == roles["b"].code
    expected = italian("You are now acting for %(organisation)s as %(role)s.") % {
        "organisation": org_b.name,
        "role": italian("Member contact"),
    }
    assert messages_of(response) == [("success", expected)]

    response = client.get("/area-personale/")
    assert response.context["current_membership"] == roles["b"]
    html = response.content.decode()
    assert selected_option(html, roles["b"])  # the header
    assert not selected_option(html, roles["a"])
    assert f"<strong>{org_b.name}</strong>" in html  # the dashboard
    assert f'href="/rete/{org_b.code}/modifica/"' in html  # what a member contact of B does


def test_the_choice_lasts_for_the_session(client, two_roles, roles, org_b):
    client.force_login(two_roles)
    client.post(URL, {"membership": roles["b"].code})
    for url in ("/", "/rete/", f"/rete/{org_b.code}/", "/area-personale/"):
        response = client.get(url)
        assert response.wsgi_request.membership == roles["b"], url
    # and the member contact of B may now edit B
    assert client.get(f"/rete/{org_b.code}/modifica/").status_code == 200


def test_it_goes_back_to_the_dashboard_without_a_next_page(client, two_roles, roles):
    client.force_login(two_roles)
    response = client.post(URL, {"membership": roles["b"].code})
    assert response.url == "/area-personale/"


def test_it_returns_to_the_page_the_user_was_on(client, two_roles, roles):
    client.force_login(two_roles)
    response = client.post(URL, {"membership": roles["b"].code, "next": "/rete/?kind=company"})
    assert response.url == "/rete/?kind=company"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/area-personale/",
        "https:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_it_never_sends_the_user_to_another_site(client, two_roles, roles, next_url):
    client.force_login(two_roles)
    response = client.post(URL, {"membership": roles["b"].code, "next": next_url})
    assert response.status_code == 302
    assert response.url == "/area-personale/"


def test_a_role_of_someone_else_is_refused(client, two_roles, roles, contact_a):
    someone_else = contact_a.memberships.get()
    client.force_login(two_roles)
    response = client.post(URL, {"membership": someone_else.code, "next": "/area-personale/"})
    assert response.status_code == 302
    assert messages_of(response) == [("error", italian("You have no role in that organisation."))]
    assert client.session[SESSION_KEY] == roles["a"].code
    assert client.get("/area-personale/").context["current_membership"] == roles["a"]


def test_a_choice_made_before_is_kept_when_a_bad_one_is_posted(client, two_roles, roles, contact_a):
    client.force_login(two_roles)
    client.post(URL, {"membership": roles["b"].code})
    client.post(URL, {"membership": contact_a.memberships.get().code})
    client.post(URL, {"membership": "nonsense"})
    assert client.session[SESSION_KEY] == roles["b"].code
    assert client.get("/area-personale/").context["current_membership"] == roles["b"]


def test_an_inactive_role_cannot_be_chosen(client, two_roles, roles):
    roles["b"].is_active = False
    roles["b"].save()
    client.force_login(two_roles)
    response = client.post(URL, {"membership": roles["b"].code})
    assert messages_of(response)[0][0] == "error"
    assert client.get("/area-personale/").context["current_membership"] == roles["a"]


def test_a_role_that_was_turned_off_ends_the_session_acting_in_it(client, two_roles, roles):
    """docs/privacy.md: deactivating a membership ends its sessions from the next request; the
    user signs in again and acts in the role they still hold."""
    client.force_login(two_roles)
    client.post(URL, {"membership": roles["b"].code})
    roles["b"].is_active = False
    roles["b"].save()
    assert redirected_to_login(client.get("/area-personale/"), "/area-personale/")
    assert SESSION_KEY not in client.session
    client.force_login(two_roles)
    assert client.get("/area-personale/").context["current_membership"] == roles["a"]


def test_turning_off_another_role_leaves_the_session_as_it_is(client, two_roles, roles):
    client.force_login(two_roles)
    client.post(URL, {"membership": roles["a"].code})
    roles["b"].is_active = False
    roles["b"].save()
    assert client.get("/area-personale/").context["current_membership"] == roles["a"]


def test_a_deactivated_user_is_signed_out(client, two_roles, roles):
    client.force_login(two_roles)
    two_roles.is_active = False
    two_roles.save()
    assert redirected_to_login(client.get("/area-personale/"), "/area-personale/")


def test_it_answers_only_to_post(client, two_roles):
    client.force_login(two_roles)
    assert client.get(URL).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, roles):
    response = client.post(URL, {"membership": roles["b"].code})
    assert redirected_to_login(response, URL)


def test_a_user_with_one_role_sees_it_without_a_switcher(client, contact_a, org_a):
    client.force_login(contact_a)
    html = client.get("/area-personale/").content.decode()
    assert 'name="membership"' not in html
    assert org_a.name in html
