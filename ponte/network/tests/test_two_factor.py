"""The second factor: enrolment with a real TOTP code, verification after the password,
recovery codes, reset, and who is forced to use it. These tests opt out of the root conftest's
wrapper (real_two_factor): their sign-ins have NOT passed the second factor."""

import pytest
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.core.tests.helpers import PASSWORD, italian, italian_html, redirected_to_login
from ponte.network.models import Role
from ponte.network.tests.two_factor_helpers import allow_enrolment, code_for, enrolled
from ponte.network.two_factor.middleware import TwoFactorMiddleware

pytestmark = pytest.mark.real_two_factor

SETUP = "/accounts/due-fattori/attiva/"
VERIFY = "/accounts/due-fattori/verifica/"
MANAGE = "/accounts/due-fattori/"
CODES = "/accounts/due-fattori/codici/"
RESET = "/accounts/due-fattori/reimposta/"
PEOPLE = "/percorsi/"
WRONG_CODE = (
    "The code is not valid: check the time on your phone and type the six digits the app shows now."
)
INVALID = (
    "The code is not valid. Type the six digits your app shows now, or one of your recovery codes."
)


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def enrol(client, user) -> list[str]:
    allow_enrolment(client, user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": code_for(device), "next": PEOPLE})
    assert response.status_code == 200
    return response.context["codes"]


# Who must use it ------------------------------------------------------------------------------


def test_a_case_worker_without_a_device_cannot_reach_the_pathways_and_is_sent_to_enrolment(
    client, worker_a
):
    client.force_login(worker_a)
    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fpercorsi%2F"


def test_a_case_worker_with_a_device_is_sent_to_verification(client, worker_a):
    enrolled(worker_a)
    client.force_login(worker_a)
    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fpercorsi%2F"


@pytest.mark.parametrize("role", [Role.REFERRER, Role.COMPANY_TUTOR, Role.COORDINATOR, Role.DPO])
def test_every_role_that_sees_identity_is_forced(client, make_user, org_a, role):
    user = make_user("persona.ruolo", org_a, role)
    client.force_login(user)
    response = client.get("/area-personale/")
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_staff_are_forced_too(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_a_member_contact_who_sees_no_identity_is_not_forced(client, contact_a):
    client.force_login(contact_a)
    assert client.get("/area-personale/").status_code == 200


def test_a_case_worker_who_is_also_a_member_contact_elsewhere_is_forced(client, two_roles):
    client.force_login(two_roles)
    assert client.get("/area-personale/").url.startswith(SETUP)


def test_it_can_be_switched_off_by_the_installation(client, worker_a, settings):
    settings.PONTE_2FA_REQUIRED = False
    client.force_login(worker_a)
    assert client.get(PEOPLE).status_code == 200


def test_the_demo_accounts_are_exempt_only_in_debug_mode(client, make_user, org_a, settings):
    demo_worker = make_user("operatore.oltre", org_a, Role.CASE_WORKER)
    settings.PONTE_2FA_DEMO_EXEMPT = True
    settings.DEBUG = True
    client.force_login(demo_worker)
    assert client.get(PEOPLE).status_code == 200
    settings.DEBUG = False
    assert client.get(PEOPLE).url.startswith(SETUP)


def test_the_demo_exemption_covers_only_the_demo_accounts(client, worker_a, settings):
    settings.PONTE_2FA_DEMO_EXEMPT = True
    settings.DEBUG = True
    client.force_login(worker_a)
    assert client.get(PEOPLE).url.startswith(SETUP)


def test_the_demo_accounts_are_not_exempt_unless_the_installation_says_so(
    client, make_user, org_a, settings
):
    demo_worker = make_user("operatore.oltre", org_a, Role.CASE_WORKER)
    settings.DEBUG = True
    client.force_login(demo_worker)
    assert client.get(PEOPLE).url.startswith(SETUP)


def test_signing_out_static_files_language_and_health_stay_open(client, worker_a):
    client.force_login(worker_a)
    assert client.get("/healthz").status_code == 200
    # Not redirected (the test server serves no static file: 404 rather than 302).
    assert client.get("/static/ponte/ponte.css").status_code == 404
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_verified_request_costs_no_query_for_the_second_factor(
    worker_a, django_assert_num_queries
):
    request = RequestFactory().get(PEOPLE)
    request.user = worker_a
    request.memberships = list(worker_a.memberships.all())
    request.session = {DEVICE_ID_SESSION_KEY: "otp_totp.totpdevice/1"}
    middleware = TwoFactorMiddleware(lambda request: "the page")
    with django_assert_num_queries(0):
        assert middleware(request) == "the page"


def test_the_pages_of_the_second_factor_need_a_sign_in(client, db):
    for path in (SETUP, VERIFY, MANAGE):
        assert redirected_to_login(client.get(path), path)


# Enrolment ------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_the_secret_for_manual_entry(client, worker_a):
    client.force_login(worker_a)
    allow_enrolment(client, worker_a)
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=worker_a, confirmed=False)
    assert response.context["qr_code"].startswith("data:image/svg+xml")
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert " " in secret and len(secret.replace(" ", "")) == 32
    # The same secret until it is confirmed: reloading the page does not change the key.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=worker_a).key == device.key


def test_enrolment_with_a_real_code_turns_it_on_and_shows_ten_recovery_codes_once(client, worker_a):
    client.force_login(worker_a)
    codes = enrol(client, worker_a)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=worker_a).confirmed
    assert StaticToken.objects.filter(device__user=worker_a).count() == 10
    assert verified(client)
    assert client.get(PEOPLE).status_code == 200
    # Shown once: the enrolment page now leads to the management page, which shows no code.
    assert client.get(SETUP).url == MANAGE
    page = client.get(MANAGE).content.decode()
    assert not any(code in page for code in codes)


def test_a_wrong_code_at_enrolment_is_refused_and_confirms_nothing(client, worker_a):
    client.force_login(worker_a)
    allow_enrolment(client, worker_a)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000x"})
    assert response.status_code == 200
    assert italian_html(WRONG_CODE) in response.content.decode()
    assert not TOTPDevice.objects.filter(user=worker_a, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=worker_a).exists()
    assert not verified(client)
    assert client.get(PEOPLE).url.startswith(SETUP)


def test_an_empty_code_is_refused_with_a_message(client, worker_a):
    client.force_login(worker_a)
    allow_enrolment(client, worker_a)
    client.get(SETUP)
    response = client.post(SETUP, {"token": ""})
    assert response.context["form"].errors["token"] == [italian("This field is required.")]
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


# Verification after the password ---------------------------------------------------------------


def test_after_the_password_the_code_is_asked_and_then_the_page_asked_for_opens(client, worker_a):
    device = enrolled(worker_a)
    response = client.post(
        "/accounts/login/", {"username": worker_a.username, "password": PASSWORD, "next": PEOPLE}
    )
    assert response.url == PEOPLE
    response = client.get(PEOPLE)
    assert response.url == f"{VERIFY}?next=%2Fpercorsi%2F"
    response = client.post(VERIFY, {"token": code_for(device), "next": PEOPLE})
    assert response.status_code == 302 and response.url == PEOPLE
    assert client.get(PEOPLE).status_code == 200


def test_a_wrong_code_at_verification_is_refused(client, worker_a):
    enrolled(worker_a)
    client.force_login(worker_a)
    response = client.post(VERIFY, {"token": "123456"})
    assert response.status_code == 200
    assert italian_html(INVALID) in response.content.decode()
    assert not verified(client)


def test_after_a_wrong_code_even_the_right_one_waits_a_moment(client, worker_a):
    """django-otp throttles guessing: each failure doubles the wait before the next try."""
    device = enrolled(worker_a)
    client.force_login(worker_a)
    client.post(VERIFY, {"token": "123456"})
    response = client.post(VERIFY, {"token": code_for(device)})
    assert response.status_code == 200
    assert not verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the throttled try was not even checked


def test_the_personal_area_leads_to_the_second_factor(client, contact_a):
    client.force_login(contact_a)
    page = client.get("/area-personale/").content.decode()
    assert 'href="/accounts/due-fattori/"' in page


def test_verification_never_sends_to_another_site(client, worker_a):
    device = enrolled(worker_a)
    client.force_login(worker_a)
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response.url == "/area-personale/"


def test_verification_without_a_device_leads_to_enrolment(client, worker_a):
    client.force_login(worker_a)
    assert client.get(VERIFY).url.startswith(SETUP)


def test_a_recovery_code_works_once(client, worker_a):
    client.force_login(worker_a)
    codes = enrol(client, worker_a)
    client.post("/accounts/logout/")
    client.force_login(worker_a)
    response = client.post(VERIFY, {"token": codes[0].upper(), "next": PEOPLE})
    assert response.url == PEOPLE
    assert verified(client)
    assert StaticToken.objects.filter(device__user=worker_a).count() == 9
    client.post("/accounts/logout/")
    client.force_login(worker_a)
    response = client.post(VERIFY, {"token": codes[0], "next": PEOPLE})
    assert response.status_code == 200
    assert not verified(client)


# New recovery codes and reset -----------------------------------------------------------------


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client, worker_a):
    client.force_login(worker_a)
    old = enrol(client, worker_a)
    device = TOTPDevice.objects.get(user=worker_a)
    refused = client.post(CODES, {"codes-token": "111111"})
    assert refused.status_code == 400
    assert italian_html(INVALID) in refused.content.decode()
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    response = client.post(CODES, {"codes-token": code_for(device, steps_ahead=1)})
    new = response.context["codes"]
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_removing_the_device_needs_a_code_then_asks_to_enrol_again(client, worker_a):
    client.force_login(worker_a)
    codes = enrol(client, worker_a)
    refused = client.post(RESET, {"reset-token": "999999"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=worker_a, confirmed=True).exists()
    response = client.post(RESET, {"reset-token": codes[3]})
    assert response.url == SETUP
    assert not TOTPDevice.objects.filter(user=worker_a).exists()
    assert not StaticDevice.objects.filter(user=worker_a).exists()
    assert not verified(client)
    assert client.get(PEOPLE).url.startswith(SETUP)
    # The code just typed is the proof beyond the password: the new device may be enrolled.
    assert "secret" in client.get(SETUP).context


def test_only_a_post_removes_the_device(client, worker_a):
    enrolled(worker_a)
    client.force_login(worker_a)
    assert client.get(RESET).status_code == 405
    assert TOTPDevice.objects.filter(user=worker_a).exists()


def test_a_member_contact_may_turn_it_on_by_choice(client, contact_a):
    client.force_login(contact_a)
    assert client.get(MANAGE).status_code == 200
    assert len(enrol(client, contact_a)) == 10
