"""Notifications /notifiche/: each user reads their own; opening the page marks them read; the
dashboard counts the new ones."""

from urllib.parse import urlencode

import pytest
from django.core import mail

from ponte.core.tests.helpers import italian, redirected_to_login
from ponte.network.models import Notification, Role
from ponte.network.notifications import notify

pytestmark = pytest.mark.django_db


def test_a_user_reads_their_notifications_and_they_become_read(client, worker_a):
    notify(recipients=[worker_a], text="Una proposta per FF-AB12", url="/opportunita/proposte/X/")
    client.force_login(worker_a)
    dashboard = client.get("/area-personale/").content.decode()
    assert "/notifiche/" in dashboard
    html = client.get("/notifiche/").content.decode()
    assert "Una proposta per FF-AB12" in html
    assert Notification.objects.get().read_at is not None


def test_nobody_reads_the_notifications_of_others(client, worker_a, tutor):
    notify(recipients=[worker_a], text="Solo per Marco")
    client.force_login(tutor)
    assert "Solo per Marco" not in client.get("/notifiche/").content.decode()
    assert Notification.objects.get().read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get("/notifiche/"), "/notifiche/")


def test_inactive_users_get_nothing(worker_a):
    worker_a.is_active = False
    worker_a.save()
    assert notify(recipients=[worker_a], text="x") == []


def test_the_list_query_count_does_not_grow(client, worker_a, django_assert_max_num_queries):
    notify(recipients=[worker_a], text="uno")
    client.force_login(worker_a)
    with django_assert_max_num_queries(10) as few:
        client.get("/notifiche/")
    for i in range(20):
        notify(recipients=[worker_a], text=f"n{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/notifiche/")


# Opening a notification, and what it names is gone ------------------------------------------------

OPEN = "/notifiche/apri/"
GONE = "No longer available"


def open_url(url: str) -> str:
    return f"{OPEN}?{urlencode({'url': url})}"


def test_the_list_and_the_email_link_through_the_page_that_opens_them(
    client, worker_a, org_b, django_capture_on_commit_callbacks, settings
):
    settings.PONTE_BASE_URL = "https://ponte.example"
    url = f"/rete/{org_b.code}/"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[worker_a], text="La Beta ha cambiato profilo", url=url)
    assert f"https://ponte.example{open_url(url)}" in mail.outbox[0].body
    client.force_login(worker_a)
    html = client.get("/notifiche/").content.decode()
    assert f'href="{OPEN}?url=/rete/{org_b.code}/"' in html


def test_opening_a_notification_marks_it_read_and_leads_to_what_it_names(client, worker_a, org_b):
    url = f"/rete/{org_b.code}/"
    notify(recipients=[worker_a], text="La Beta ha cambiato profilo", url=url)
    client.force_login(worker_a)
    response = client.get(open_url(url))
    assert response.status_code == 302 and response.url == url
    assert Notification.objects.get().read_at is not None
    page = client.get(url)
    assert page.status_code == 200
    assert italian(GONE) not in page.content.decode()


def test_a_removed_thing_leads_to_a_page_that_says_so(client, worker_a):
    url = "/opportunita/proposte/ZZZZ9999/"
    notify(recipients=[worker_a], text="Una proposta per FF-AB12", url=url)
    client.force_login(worker_a)
    response = client.get(open_url(url), follow=True)
    assert response.status_code == 404
    html = response.content.decode()
    assert italian(GONE) in html
    assert 'href="/notifiche/"' in html
    # Said once: the same address visited again is an ordinary page not found.
    assert italian(GONE) not in client.get(url).content.decode()


def test_a_role_taken_away_gives_the_same_page_as_a_removed_thing(client, worker_a, org_b):
    """A page of the pathways answers 403 once the role is gone: the user is not told whether
    the thing was removed or is no longer theirs to see."""
    notify(recipients=[worker_a], text="Un invio per FF-AB12", url="/percorsi/")
    gone = "/opportunita/proposte/ZZZZ9999/"
    notify(recipients=[worker_a], text="Una proposta per FF-AB12", url=gone)
    worker_a.memberships.update(role=Role.MEMBER_CONTACT)
    client.force_login(worker_a)
    forbidden = client.get(open_url("/percorsi/"), follow=True)
    removed = client.get(open_url(gone), follow=True)
    assert forbidden.status_code == removed.status_code == 404
    assert italian(GONE) in forbidden.content.decode()
    for response in (forbidden, removed):
        assert "network/notification_gone.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    "url", ["", "https://evil.example/", "//evil.example/x", "/percorsi/", "percorsi/"]
)
def test_an_address_that_is_not_one_of_the_users_notifications_leads_nowhere(
    client, worker_a, tutor, url
):
    notify(recipients=[tutor], text="Solo per Paolo", url="/percorsi/")
    client.force_login(worker_a)
    response = client.get(open_url(url))
    assert response.status_code == 404
    assert italian(GONE) in response.content.decode()
    assert Notification.objects.get().read_at is None


def test_anonymous_visitors_are_sent_to_sign_in_to_open_one(client, worker_a):
    notify(recipients=[worker_a], text="x", url="/percorsi/")
    url = open_url("/percorsi/")
    assert redirected_to_login(client.get(url), OPEN)
    assert Notification.objects.get().read_at is None


def test_a_missing_page_reached_otherwise_is_an_ordinary_not_found(client, worker_a):
    client.force_login(worker_a)
    response = client.get("/opportunita/proposte/ZZZZ9999/")
    assert response.status_code == 404
    assert italian(GONE) not in response.content.decode()
