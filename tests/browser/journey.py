"""Steps shared by the browser journeys: find, fill and send forms as a user does."""

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def main_form(page: Page) -> Locator:
    return page.locator("main form[method=post]").first


def choose(scope: Locator, name: str, value: object) -> None:
    """Choose a radio button or tick a checkbox as a user does: by clicking its label, which
    follows it (Bootstrap Italia moves the input itself out of sight)."""
    choice = f"input[name='{name}'][value='{value}']"
    scope.locator(f"{choice} + label").click()
    expect(scope.locator(choice)).to_be_checked()


def submit(page: Page, form: Locator) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()


def sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator(f"header form[action='{url('logout')}'] button[type=submit]").click()
    expect(page.locator(f"header form[action='{url('logout')}']")).to_have_count(0)


def expect_success(page: Page) -> None:
    """The page after a successful write shows a confirmation and no error."""
    expect(page.get_by_role("status").first).to_be_visible()
    expect(page.locator("main .alert-danger")).to_have_count(0)


def open_link(page: Page, href: str) -> None:
    """Follow a link of the main content to the given address."""
    page.locator(f"main a[href='{href}']").first.click()
    page.wait_for_url(f"**{href}")
