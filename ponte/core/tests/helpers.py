"""Small helpers shared by the test modules (fixtures live in the root conftest.py)."""

from html import unescape
from io import StringIO

from django.contrib.messages import get_messages
from django.core.management import call_command
from django.http import HttpResponse
from django.utils import translation
from django.utils.html import escape

from ponte.network.demo import fictional_vat_number

# The password of every user made by the fixtures (it passes the password validators).
PASSWORD = "Ponte-sulle-valli-2025"

# ISTAT codes of municipalities used in the tests.
CAVALESE = "022050"
PREDAZZO = "022147"
TESERO = "022196"
MOENA = "022118"
SAN_GIOVANNI = "022250"


def seed_demo(*args: str) -> str:
    """Run `manage.py seed_demo` with the given arguments; returns what it printed."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def valid_vat_number(serial: int) -> str:
    """A well-formed, made-up Italian VAT number, never one of the demo district's."""
    return fictional_vat_number(serial, start=1000000)


def italian(message: str) -> str:
    """The Italian text of a message id, as the page shows it by default: tests compare with it
    so that they do not depend on the exact wording of the translation."""
    with translation.override("it"):
        return str(translation.gettext(message))


def italian_html(message: str) -> str:
    """italian(), escaped as a template prints it."""
    return escape(italian(message))


def page_text(response: HttpResponse) -> str:
    """The page as a reader sees it, entities decoded: a translation with an apostrophe is escaped
    in a form error but printed as it is by {% translate %}, and a test should not care which."""
    return unescape(response.content.decode())


def messages_of(response: HttpResponse) -> list[tuple[str, str]]:
    """The flash messages the response has queued or shown, as (level tag, text)."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def redirected_to_login(response: HttpResponse, path: str) -> bool:
    return response.status_code == 302 and response.url.startswith(f"/accounts/login/?next={path}")
