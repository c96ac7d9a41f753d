"""The second factor: who must use it, whether this session has passed it, and the devices.

A user who can see the identity of people (case worker, referrer, company tutor, coordinator,
data-protection officer) or administers the site (staff) signs in with a password AND a
six-digit code from an authenticator app (TOTP, django-otp), or one of ten one-time recovery
codes. The fact "this session passed the second factor" lives in the session (django_otp.login
stores the device's id there), so checking it costs no query on each request.
"""

import base64
from typing import Any

import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.network.demo import ACCOUNTS
from ponte.network.models import Membership, Role, User

# Roles that can see the identity of a person (docs/privacy.md, "Roles"), and the DPO, who browses
# and exports the audit trail of those reads.
IDENTITY_ROLES = frozenset(
    {Role.CASE_WORKER, Role.REFERRER, Role.COMPANY_TUTOR, Role.COORDINATOR, Role.DPO}
)
RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def demo_usernames() -> frozenset[str]:
    return frozenset({"admin", *ACCOUNTS})


def is_demo_exempt(user: Any) -> bool:
    """PONTE_2FA_DEMO_EXEMPT spares the demo district's accounts, and only in debug mode: the
    same rule that refuses the demo password outside a local demonstration
    (ponte.network.backends.is_refused_demo_password)."""
    return (
        settings.DEBUG
        and settings.PONTE_2FA_DEMO_EXEMPT
        and user.get_username() in demo_usernames()
    )


def two_factor_required(user: Any, memberships: list[Membership]) -> bool:
    """Whether this signed-in user must pass the second factor; memberships are the user's
    active ones (request.memberships, already loaded: no query here)."""
    if not settings.PONTE_2FA_REQUIRED or is_demo_exempt(user):
        return False
    return bool(user.is_staff or user.is_superuser) or any(
        membership.role in IDENTITY_ROLES for membership in memberships
    )


def session_is_verified(session: SessionBase) -> bool:
    return DEVICE_ID_SESSION_KEY in session


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed device shown at enrolment (the same secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The secret in base32, the form an authenticator app accepts by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code, an SVG data: URI (allowed by img-src, no script)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirms the pending device with a code from the app; returns the new recovery codes
    (shown once). A wrong code raises ValidationError and confirms nothing."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token.strip()):
        raise ValidationError(
            _(
                "The code is not valid: check the time on your phone and type "
                "the six digits the app shows now."
            ),
            code="invalid_token",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _recovery_codes_replace(user)


def two_factor_match(*, user: User, token: str) -> Device | None:
    """The device that accepts this code: the app's six digits or an unused recovery code
    (which is then spent). None when no device accepts it."""
    token = token.strip().replace(" ", "").lower()
    if not token:
        return None
    device = confirmed_totp_device(user)
    if device is not None and device.verify_token(token):
        return device
    for recovery in StaticDevice.objects.filter(user=user, confirmed=True):
        if recovery.verify_token(token):
            return recovery
    return None


def recovery_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


def two_factor_check(*, user: User, token: str) -> Device:
    device = two_factor_match(user=user, token=token)
    if device is None:
        raise ValidationError(
            _(
                "The code is not valid. Type the six digits your app shows now, or one of your "
                "recovery codes."
            ),
            code="invalid_token",
        )
    return device


@transaction.atomic
def recovery_codes_regenerate(*, user: User, token: str) -> list[str]:
    """New recovery codes after a fresh check; the old ones stop working."""
    two_factor_check(user=user, token=token)
    return _recovery_codes_replace(user)


@transaction.atomic
def two_factor_reset(*, user: User, token: str) -> None:
    """Removes the user's devices after a fresh check: the next page asks to enrol again."""
    two_factor_check(user=user, token=token)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def session_verify(request: HttpRequest, device: Device) -> None:
    otp_login(request, device)


def session_unverify(request: HttpRequest) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
