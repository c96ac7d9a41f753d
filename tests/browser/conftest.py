"""Real-browser tests: Playwright drives the Debian Chromium against pytest-django's live server.

The browser tests run with `-m browser` (or with the whole suite); they fail, never skip, when
Chromium or Playwright is missing.
"""

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread, so Django would refuse the ORM
# calls that fixtures and assertions make from it; they are synchronous, hence safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.core.management import call_command  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connections  # noqa: E402
from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo"  # noqa: S105


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup: None) -> str | None:
    """The test database's content right after the migrations (e.g. the sectors), which Django
    serialized when it created the database, read before Playwright starts."""
    return getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)


# Playwright and Chromium live for one test file, not the whole session: while Playwright runs,
# Django's connections in this thread are not the usual ones (see below), so they should not
# outlive the journeys that need them (make test also runs the journeys in a run of their own).
@pytest.fixture(scope="module")
def playwright(_migrated_data: str | None) -> Iterator[Playwright]:
    with sync_playwright() as instance:
        # Playwright's sync API keeps an asyncio loop running in this thread, and while a loop
        # runs Django keeps its database connections in a context variable rather than in a
        # thread-local: from now on this thread talks to the database through new connection
        # objects. Those lack the serialized content that the serialized rollback of a
        # transactional test restores, so the sectors would be gone after the first browser test
        # whenever a database test ran before Playwright started. Hand the content over.
        if _migrated_data is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = _migrated_data
        yield instance
        # Close them while the loop still runs (they belong to its context): left open, they
        # would keep the test database busy and PostgreSQL could not drop it at the end.
        connections.close_all()


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install the Debian package 'chromium'.")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def new_page(browser: Browser, **context_options: Any) -> Iterator[Page]:
    context = browser.new_context(locale="it-IT", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, Italian, desktop size."""
    yield from new_page(browser, viewport=DESKTOP_VIEWPORT)


@pytest.fixture
def mobile_page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context the size of a phone."""
    yield from new_page(
        browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def demo_district(
    live_server: Any,
    transactional_db: None,
    django_db_serialized_rollback: None,
    settings: Any,
) -> str:
    """The demo district in the live server's database; returns the server's base URL.

    The live server runs in another thread, so the test needs a transactional database; the
    serialized rollback restores the sectors that a data migration creates (a transactional test
    empties every table when it ends). The demo accounts' password "demo" is accepted only in
    debug mode, i.e. in a local demonstration, which is what these journeys reproduce.
    """
    settings.DEBUG = True
    # The demo accounts are hashed with Argon2 in production; a cheap hasher keeps seeding fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


def check_accessibility(page: Page, *, context: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and fail on any violation."""
    # Ponte's Content-Security-Policy blocks inline <script> elements (add_script_tag), not the
    # browser's own evaluation of a script: axe-core is evaluated, once per document.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        AXE_TAGS,
    )
    violations = results["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url} {context}".rstrip()]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('html', '')[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    pytest.fail("\n".join(lines), pytrace=False)


def sign_in(page: Page, base_url: str, username: str, *, check: bool = False) -> None:
    """Sign in through the login form; optionally check the login page's accessibility first."""
    page.goto(f"{base_url}/accounts/login/")
    if check:
        check_accessibility(page, context="(sign-in page)")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # The second factor (TOTP) of the roles that see identity: enrol or type the code.
    from tests.browser.journey import pass_two_factor

    pass_two_factor(page, username)
