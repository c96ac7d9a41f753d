"""Steps shared by the browser journeys: find, fill and send forms as a user does."""

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def opens(path: str) -> str:
    """The link of a notification that names `path`: through the page that opens it."""
    return f"{url('network:notification_open')}?url={path}"


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


def pass_two_factor(page: Page, username: str) -> None:
    """After the password, a user whose role sees identity passes the second factor as a person
    does. The first time they enrol: the authenticator app reads the secret shown on the page
    (here computed from it with django-otp's TOTP), the code confirms it, and they go on past
    the recovery codes. Later they type the code the app shows now, from the same key."""
    import base64

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ponte.network.tests.two_factor_helpers import code_for

    if "/accounts/due-fattori/attiva/" in page.url:
        secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        code = f"{TOTP(key).token():06d}"
        page.locator("input[name=token]").fill(code)
        submit(page, main_form(page))
        expect(page.locator("#recovery-codes li")).to_have_count(10)
        with page.expect_navigation():
            page.locator("main a.btn-primary").click()
    elif "/accounts/due-fattori/verifica/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.locator("input[name=token]").fill(code_for(device))
        submit(page, main_form(page))
    expect(page.locator("main input[name=token]")).to_have_count(0)
    assert "/accounts/due-fattori/" not in page.url
