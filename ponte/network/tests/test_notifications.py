"""Notifications /notifiche/: each user reads their own; opening the page marks them read; the
dashboard counts the new ones."""

import pytest

from ponte.core.tests.helpers import redirected_to_login
from ponte.network.models import Notification
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
