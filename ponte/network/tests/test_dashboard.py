"""The signed-in user's starting page /area-personale/."""

from ponte.core.tests.helpers import italian_html, redirected_to_login

URL = "/area-personale/"
NO_ROLE = "Your account has no active role in any organisation yet: ask the district coordinator."


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert redirected_to_login(client.get(URL), URL)


def test_it_says_who_the_user_acts_for(client, worker_a, org_a):
    client.force_login(worker_a)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marco Delvai" in html
    assert f"<strong>{org_a.name}</strong>" in html
    assert italian_html("Case worker") in html
    assert italian_html(NO_ROLE) not in html


def test_a_member_contact_is_offered_to_update_the_profile(client, contact_a, org_a):
    client.force_login(contact_a)
    assert f'href="/rete/{org_a.code}/modifica/"' in client.get(URL).content.decode()


def test_a_user_without_a_role_is_told_to_ask_the_coordinator(client, nobody):
    client.force_login(nobody)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["current_membership"] is None
    assert italian_html(NO_ROLE) in response.content.decode()


def test_the_technical_administrator_is_not_warned(client, staff_user):
    client.force_login(staff_user)
    assert italian_html(NO_ROLE) not in client.get(URL).content.decode()


def test_everyone_is_offered_to_change_their_password(client, nobody):
    client.force_login(nobody)
    assert 'href="/accounts/password_change/"' in client.get(URL).content.decode()
