"""No personal data in logs (docs/privacy.md, "No personal data in logs"): requests that touch a
person, their errors included, leave neither the name, the fiscal code, the email nor the phone
number in any log record, and SQL (whose parameters carry all of them) is never logged, whatever
LOG_LEVEL says."""

import logging
import subprocess
import sys

import pytest
from django.conf import settings

from ponte.pathways.models import Person
from ponte.pathways.tests import conftest as pathways

# The pathways tests' fixtures, for a person with an open pathway and a worker of another org.
make_person = pathways.make_person
make_referral = pathways.make_referral
referrer = pathways.referrer
referring_body = pathways.referring_body
worker_b = pathways.worker_b

FIRST, LAST = "Ginevra", "Zanoni-Brugger"
FISCAL_CODE, EMAIL, PHONE = "RSSMRA85T10A562S", "ginevra.zb@example.org", "347 9988776"


@pytest.fixture
def private_person(make_person) -> Person:
    return make_person(
        first_name=FIRST, last_name=LAST, fiscal_code=FISCAL_CODE, email=EMAIL, phone=PHONE
    )


def logged_text(caplog) -> str:
    return "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )


def assert_nothing_personal(text: str) -> None:
    for value in (FIRST, LAST, FISCAL_CODE, EMAIL, PHONE, PHONE.replace(" ", "")):
        assert value not in text


def test_opening_and_editing_a_person_logs_nothing_personal(
    client, worker_a, worker_b, private_person, caplog
):
    caplog.set_level(logging.DEBUG)
    page = f"/percorsi/{private_person.code}/"
    client.force_login(worker_a)
    response = client.get(page)
    assert response.status_code == 200 and LAST in response.content.decode()
    # A refused edit (bad input) and a form error on the same person.
    bad = {"first_name": FIRST, "last_name": LAST, "fiscal_code": "NOT-A-CODE", "email": EMAIL}
    assert client.post(f"{page}modifica/", {**bad, "phone": PHONE}).status_code == 200
    # Another organisation's worker: 404, which django.request logs with the address.
    client.force_login(worker_b)
    assert client.get(page).status_code == 404
    assert any(record.name == "django.request" for record in caplog.records)
    assert_nothing_personal(logged_text(caplog))


def test_a_server_error_on_a_person_page_logs_nothing_personal(
    client, worker_a, private_person, caplog, monkeypatch
):
    from ponte.pathways.views import people

    def broken(*args, **kwargs):
        raise RuntimeError("the template engine broke")

    monkeypatch.setattr(people, "render", broken)
    caplog.set_level(logging.DEBUG)
    client.raise_request_exception = False
    client.force_login(worker_a)
    assert client.get(f"/percorsi/{private_person.code}/").status_code == 500
    assert any(record.levelno == logging.ERROR for record in caplog.records)
    assert_nothing_personal(logged_text(caplog))


def test_sql_is_never_logged_at_debug_level():
    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] == "INFO"
    assert logging.getLogger("django.db.backends").getEffectiveLevel() == logging.INFO


@pytest.mark.parametrize("debug", ["1", "0"])
def test_even_log_level_debug_prints_no_sql_parameters(debug, tmp_path):
    """A real process with LOG_LEVEL=DEBUG runs a query with a name as its parameter: the name
    reaches no output (in debug mode Django would log every statement with its parameters)."""
    script = (
        "import django; django.setup();"
        "import logging; from django.db import connection;"
        "cursor = connection.cursor(); cursor.execute('SELECT %s', ['Ginevra Zanoni-Brugger']);"
        "logging.getLogger('ponte').debug('debug lines are printed');"
        "print(logging.getLogger('django.db.backends').getEffectiveLevel())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "ponte.settings",
        "DEBUG": debug,
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "ponte.example",
        "LOG_LEVEL": "DEBUG",
        "PONTE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and project
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "debug lines are printed" in result.stderr
    assert result.stdout.strip() == str(logging.INFO)
    assert "Zanoni" not in result.stdout + result.stderr
