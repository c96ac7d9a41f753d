"""The second factor: who must use it, whether this session has passed it, and the devices.

A user who can see the identity of people (case worker, referrer, company tutor, coordinator,
data-protection officer) or administers the site (staff) signs in with a password AND a
six-digit code from an authenticator app (TOTP, django-otp), or one of ten one-time recovery
codes. The fact "this session passed the second factor" lives in the session (django_otp.login
stores the device's id there), so checking it costs no query on each request.

The first enrolment needs a proof beyond the password, or whoever knew the password could enrol
their own authenticator: the invitation link (or a password-reset link), followed in the same
browser, or a one-time link sent by e-mail to the account's address (EnrolmentLink). Either
proof lets this session enrol for a short time (enrolment_allowed); removing one's device after
a fresh code gives the same proof. The demo accounts need none, in debug mode only: the rule of
the demo password.
"""

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.network.demo import ACCOUNTS
from ponte.network.models import EnrolmentLink, Membership, Role, User

# Roles that can see the identity of a person (docs/privacy.md, "Roles"), and the DPO, who browses
# and exports the audit trail of those reads.
IDENTITY_ROLES = frozenset(
    {Role.CASE_WORKER, Role.REFERRER, Role.COMPANY_TUTOR, Role.COORDINATOR, Role.DPO}
)
RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# How long a proof lets a session enrol, and how long an e-mailed link works.
ENROLMENT_MINUTES = 30
ENROLMENT_LINK_MINUTES = 30
# No second link to the same account within this time (nobody floods a mailbox from Ponte).
ENROLMENT_LINK_PAUSE = timedelta(minutes=1)
ENROLMENT_SESSION_KEY = "ponte_2fa_enrolment"


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


def is_demo_account(user: Any) -> bool:
    """A demo district's account in debug mode (a local demonstration): the rule of the demo
    password (ponte.network.backends.is_refused_demo_password)."""
    return bool(settings.DEBUG) and user.get_username() in demo_usernames()


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


# The proof that lets a user enrol their first device --------------------------------------------


def enrolment_allowed(session: SessionBase, user: User) -> bool:
    """Whether this session may enrol a device for the user: it followed, a short time ago, the
    invitation link or a one-time link of the user's (enrolment_allow); or the user is a demo
    account in debug mode."""
    if is_demo_account(user):
        return True
    proof = session.get(ENROLMENT_SESSION_KEY)
    return (
        isinstance(proof, dict)
        and proof.get("user") == user.pk
        and float(proof.get("until", 0)) > timezone.now().timestamp()
    )


@transaction.atomic
def enrolment_allow(session: SessionBase, user: User) -> None:
    """Let this session enrol a device for the user for ENROLMENT_MINUTES. A pending device
    made before the proof is dropped, so that the secret shown next was never shown before."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    until = timezone.now() + timedelta(minutes=ENROLMENT_MINUTES)
    session[ENROLMENT_SESSION_KEY] = {"user": user.pk, "until": until.timestamp()}


def enrolment_forget(session: SessionBase) -> None:
    session.pop(ENROLMENT_SESSION_KEY, None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def masked_email(email: str) -> str:
    """m•••@example.org: enough for the user to recognise their address, not to learn it."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else "•••"


@transaction.atomic
def enrolment_link_send(*, request: HttpRequest, user: User) -> bool:
    """Send the user, at the account's address, a one-time link that lets them enrol a device
    (valid ENROLMENT_LINK_MINUTES, random, stored as a hash, in the audit trail). The links sent
    before stop working. False, and nothing sent, when a link went out less than a minute ago.
    The mail leaves after the commit."""
    if not user.email:
        raise ValidationError(
            _(
                "Your account has no e-mail address: ask the coordinator of the district to add "
                "it, then ask for the link again."
            ),
            code="no_email",
        )
    now = timezone.now()
    if EnrolmentLink.objects.filter(user=user, created_at__gt=now - ENROLMENT_LINK_PAUSE).exists():
        return False
    for earlier in EnrolmentLink.objects.filter(user=user, used_at=None, expires_at__gt=now):
        earlier.expires_at = now
        earlier.save(update_fields=["expires_at", "updated_at"])
    token = secrets.token_urlsafe(32)
    EnrolmentLink.objects.create(
        user=user,
        token_hash=_token_hash(token),
        expires_at=now + timedelta(minutes=ENROLMENT_LINK_MINUTES),
    )
    context = {
        "user": user,
        "url": request.build_absolute_uri(reverse("two_factor:link", args=[token])),
        "minutes": ENROLMENT_LINK_MINUTES,
    }
    subject = render_to_string("registration/two_factor_link_subject.txt", context)
    body = render_to_string("registration/two_factor_link_email.txt", context)
    transaction.on_commit(lambda: send_mail(" ".join(subject.split()), body, None, [user.email]))
    return True


def _usable_link(user: User, token: str) -> EnrolmentLink | None:
    if not token or len(token) > 100:
        return None
    return (
        EnrolmentLink.objects.select_for_update()
        .filter(
            user=user,
            token_hash=_token_hash(token),
            used_at=None,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def enrolment_link_valid(*, user: User, token: str) -> bool:
    """Whether the link is the user's, unused and not expired (another user's link is simply
    not valid for them)."""
    with transaction.atomic():
        return _usable_link(user, token) is not None


@transaction.atomic
def enrolment_link_use(*, session: SessionBase, user: User, token: str) -> None:
    """Spend the link and let this session enrol (enrolment_allow). A link that is not the
    user's, already used or expired raises ValidationError and allows nothing."""
    link = _usable_link(user, token)
    if link is None:
        raise ValidationError(
            _("This link is not valid: it has expired or was already used."),
            code="invalid_link",
        )
    link.used_at = timezone.now()
    link.save(update_fields=["used_at", "updated_at"])
    enrolment_allow(session, user)


# Devices -----------------------------------------------------------------------------------------


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
def totp_device_confirm(
    *, session: SessionBase, user: User, device: TOTPDevice, token: str
) -> list[str]:
    """Confirms the pending device with a code from the app; returns the new recovery codes
    (shown once). Without the proof of enrolment_allowed, or with a wrong code, it raises
    ValidationError and confirms nothing. The proof is spent."""
    if not enrolment_allowed(session, user):
        raise ValidationError(
            _("First open the link we send to your e-mail address."), code="no_proof"
        )
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
    enrolment_forget(session)
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
