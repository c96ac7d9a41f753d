"""TOTP codes computed from a device's key, as an authenticator app does."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.network.models import User
from ponte.network.two_factor import enrolment_allow


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or that many 30-second steps later; django-otp accepts the
    next one, and never a code at or before the last one used)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user: User) -> TOTPDevice:
    """A confirmed authenticator app for the user."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def allow_enrolment(client: Client, user: User) -> None:
    """Give the test client's session the proof beyond the password that the first enrolment
    needs (what the invitation link or an e-mailed one-time link give), for the tests of what
    comes after it."""
    session = client.session
    enrolment_allow(session, user)
    session.save()
