"""`seed_demo --if-empty` (what `make run` calls) on an empty database and on one with users."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from ponte.network.demo import ACCOUNTS
from ponte.network.models import District, Organisation, User


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_if_empty_loads_an_empty_database_with_argon2_demo_passwords(db, client):
    seed("--if-empty")
    # Every demo account of the README, and the technical administrator.
    assert set(User.objects.values_list("username", flat=True)) == {"admin", *ACCOUNTS}
    user = User.objects.get(username="operatore.lerais")
    assert user.password.startswith("argon2")
    with override_settings(DEBUG=True):
        assert client.login(username="operatore.lerais", password="demo")
    with override_settings(DEBUG=False):
        assert not client.login(username="operatore.lerais", password="demo")


def test_if_empty_does_nothing_when_there_are_users(make_user):
    make_user("qualcuno")
    output = seed("--if-empty")
    assert "not loaded" in output
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 0
    assert District.objects.count() == 0
