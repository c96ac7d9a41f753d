"""Shared fixtures, in the manner of Healthchecks' BaseTestCase: a small district with a few
organisations and one ready-made user per role, so that a test reads as "the member contact of A
edits B" rather than as a page of set-up.

- `org_a`, `org_b`: public social cooperatives in Cavalese and Predazzo;
- `company`: a public company in Tesero; `coordination`: the organisation of the coordinator;
- `coordinator`, `contact_a`, `contact_b`, `worker_a`, `tutor`, `two_roles`, `staff_user`,
  `nobody` (an account with no role anywhere).

Everything is created through the ORM (no seed_demo) and passwords are hashed once per session:
Argon2 takes about a tenth of a second per hash, and most tests sign in with force_login.
"""

import os
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core.cache import cache

from ponte.core.tests.helpers import CAVALESE, PASSWORD, PREDAZZO, TESERO, valid_vat_number
from ponte.network.models import (
    District,
    Membership,
    Municipality,
    Organisation,
    Role,
    Sector,
    User,
)
from ponte.network.municipalities import municipalities_load


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_two_factor: sign-ins made by the test client are NOT marked as having passed the "
        "second factor (for the tests of its enforcement)",
    )
    _travel_to_the_test_date()


# Date travel ----------------------------------------------------------------------------------
# PONTE_TEST_DATE=2028-02-29 runs the suite as if today were that day (09:00 in Rome; the clock
# then runs on): CI runs the tests that lean on the demo on a few hard days, so that neither the
# demo nor a test can depend on where today falls. One library freezes and moves the clock
# everywhere in the suite: time-machine (a test that needs a fixed moment uses its
# `time_machine` fixture, which stacks on top of this). It starts before collection, so that
# dates computed when a test module is imported are already the travelled ones.
def _travel_to_the_test_date() -> None:
    value = os.environ.get("PONTE_TEST_DATE", "").strip()
    if not value:
        return
    day = date.fromisoformat(value)
    rome = ZoneInfo("Europe/Rome")
    moment = datetime.combine(day, time(9, 0), tzinfo=rome)
    # A fixed offset, not the zone's name: a named zone would make time-machine set TZ.
    fixed = timezone(moment.utcoffset() or timedelta(0))
    time_machine.travel(moment.replace(tzinfo=fixed), tick=True).start()


# Second factor (ponte.network.two_factor) --------------------------------------------
# Users who can see identity must pass a TOTP code after their password, and the middleware
# sends them to it until the session says they did. Nearly every test signs in with
# client.force_login (or client.login) to test something else, so ONE central wrapper marks
# those sessions as verified, the way django_otp.login does after a real code: the tests keep
# exercising their own feature, and the enforcement itself is tested for real in
# ponte/network/tests/test_two_factor*.py, which opt out with @pytest.mark.real_two_factor.
# It wraps Client._login, which both force_login and login use; it is installed for the whole
# session so that package- and module-scoped fixtures (e.g. tests/security) get it too.
TEST_DEVICE_ID = "ponte.tests.force_login"
_two_factor_bypass = {"on": True}


@pytest.fixture(scope="session", autouse=True)
def _two_factor_verified_on_test_login():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    original = Client._login

    def _login(self, user, backend=None):  # type: ignore[no-untyped-def]
        original(self, user, backend)
        if _two_factor_bypass["on"]:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = TEST_DEVICE_ID
            session.save()

    Client._login = _login  # type: ignore[method-assign]
    yield
    Client._login = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _real_two_factor(request):
    """@pytest.mark.real_two_factor: this test's sign-ins must pass the second factor."""
    marked = request.node.get_closest_marker("real_two_factor") is not None
    _two_factor_bypass["on"] = not marked
    yield
    _two_factor_bypass["on"] = True


# Rows made by data migrations (the sectors) --------------------------------------------------
# A transactional test (the browser journeys, the concurrency and backup tests) empties every
# table when it ends. Run one after another, pytest-django puts those tests last, as Django does;
# spread over workers (pytest-xdist) they mix with the others, which would then find no sectors.
# So, once such a test is torn down, the rows the migrations made are put back.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield
    # With no next test the session is over and the test database is already gone.
    if nextitem is not None and _empties_the_database(item):
        _restore_migrated_rows(item.config)


def _empties_the_database(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _restore_migrated_rows(config: pytest.Config) -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents:
        return
    with config.stash[blocking_manager_key].unblock():
        if not Sector.objects.exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public pages are cached for anonymous visitors (core.cache): no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return make_password(PASSWORD)


@pytest.fixture
def municipalities(db) -> dict[str, Municipality]:
    """The 15 municipalities of Fiemme and Fassa, by ISTAT code."""
    municipalities_load()
    return {m.istat_code: m for m in Municipality.objects.select_related("valley")}


@pytest.fixture
def district(db) -> District:
    return District.objects.create(
        name="Distretto di Economia Solidale di prova",
        short_name="DES di prova",
        territory="Val di Fiemme e Val di Fassa (Trentino)",
        presentation="Un distretto inventato per le prove.",
        email="info@des-prova.example",
    )


MakeOrganisation = Callable[..., Organisation]


@pytest.fixture
def make_organisation(municipalities) -> MakeOrganisation:
    """make_organisation("Name", kind=..., municipality=ISTAT code or None, sectors=[codes],
    is_public=..., is_active=..., relation=..., any other field)."""

    def make(
        name: str,
        *,
        kind: str = Organisation.Kind.SOCIAL_COOP_B,
        municipality: str | None = CAVALESE,
        sectors: Iterable[str] = (),
        **fields: object,
    ) -> Organisation:
        organisation = Organisation.objects.create(
            name=name,
            kind=kind,
            municipality=municipalities[municipality] if municipality else None,
            **fields,
        )
        if sectors:
            organisation.sectors.set(Sector.objects.filter(code__in=list(sectors)))
        return organisation

    return make


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db, password_hash) -> MakeUser:
    """make_user("username", organisation, role, **user fields): a user (password PASSWORD) with
    one active membership when an organisation is given."""

    def make(
        username: str,
        organisation: Organisation | None = None,
        role: str | None = None,
        **fields: object,
    ) -> User:
        fields.setdefault("email", f"{username}@example.org")
        user = User.objects.create(username=username, password=password_hash, **fields)
        if organisation is not None:
            assert role, "a membership needs a role"
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make


# Organisations -------------------------------------------------------------------------------


@pytest.fixture
def org_a(make_organisation) -> Organisation:
    return make_organisation(
        "Cooperativa sociale Alfa",
        kind=Organisation.Kind.SOCIAL_COOP_B,
        municipality=CAVALESE,
        vat_number=valid_vat_number(1),
        sectors=["catering", "training"],
        description="Un ristorante dove lavorano persone in percorso.",
    )


@pytest.fixture
def org_b(make_organisation) -> Organisation:
    return make_organisation(
        "Cooperativa sociale Beta",
        kind=Organisation.Kind.SOCIAL_COOP_A,
        municipality=PREDAZZO,
        vat_number=valid_vat_number(2),
        sectors=["social_services"],
    )


@pytest.fixture
def company(make_organisation) -> Organisation:
    return make_organisation(
        "Pastificio Gamma",
        kind=Organisation.Kind.COMPANY,
        municipality=TESERO,
        vat_number=valid_vat_number(3),
        employees=40,
        sectors=["food"],
    )


@pytest.fixture
def coordination(make_organisation) -> Organisation:
    return make_organisation(
        "Cooperativa sociale Delta",
        kind=Organisation.Kind.SOCIAL_COOP_AB,
        municipality=CAVALESE,
        vat_number=valid_vat_number(4),
    )


# Users ---------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(make_user, coordination) -> User:
    return make_user(
        "coordinatrice", coordination, Role.COORDINATOR, first_name="Giulia", last_name="Vanzo"
    )


@pytest.fixture
def contact_a(make_user, org_a) -> User:
    return make_user(
        "referente.alfa", org_a, Role.MEMBER_CONTACT, first_name="Anna", last_name="Gilmozzi"
    )


@pytest.fixture
def contact_b(make_user, org_b) -> User:
    return make_user(
        "referente.beta", org_b, Role.MEMBER_CONTACT, first_name="Stefano", last_name="Corradini"
    )


@pytest.fixture
def worker_a(make_user, org_a) -> User:
    return make_user(
        "operatore.alfa", org_a, Role.CASE_WORKER, first_name="Marco", last_name="Delvai"
    )


@pytest.fixture
def tutor(make_user, company) -> User:
    return make_user(
        "tutor.gamma", company, Role.COMPANY_TUTOR, first_name="Paolo", last_name="Dellantonio"
    )


@pytest.fixture
def two_roles(make_user, org_a, org_b) -> User:
    """A case worker of A who is also the member contact of B."""
    user = make_user("operatrice.due", org_a, Role.CASE_WORKER, first_name="Sara", last_name="Zeni")
    Membership.objects.create(user=user, organisation=org_b, role=Role.MEMBER_CONTACT)
    return user


@pytest.fixture
def staff_user(make_user) -> User:
    """The technical administrator: staff and superuser, with no role in any organisation."""
    return make_user(
        "amministratore",
        first_name="Amministratore",
        last_name="Tecnico",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def nobody(make_user) -> User:
    """A signed-up user with no role in any organisation."""
    return make_user("senza.ruolo", first_name="Nessun", last_name="Ruolo")
