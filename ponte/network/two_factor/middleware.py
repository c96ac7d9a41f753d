from collections.abc import Callable
from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ponte.network.two_factor import (
    confirmed_totp_device,
    session_is_verified,
    two_factor_required,
)


@cache
def _open_prefixes() -> tuple[str, ...]:
    """What a signed-in user who has not passed the second factor may still reach."""
    return (
        reverse("two_factor:manage"),  # every page of the second factor is under it
        reverse("logout"),
        reverse("core:healthz"),
        "/i18n/",
        settings.STATIC_URL,
    )


class TwoFactorMiddleware:
    """Sends a signed-in user who must use the second factor (two_factor.two_factor_required)
    and has not passed it in this session to verification, or to enrolment when they have no
    device yet. It reads only the session and request.memberships (ActiveMembershipMiddleware,
    which must come before): no query on a verified request. django-otp's OTPMiddleware is not
    installed, since it loads the device from the database on each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not session_is_verified(request.session)
            and two_factor_required(user, request.memberships)  # type: ignore[attr-defined]
            and not request.path_info.startswith(_open_prefixes())
        ):
            name = "verify" if confirmed_totp_device(user) else "setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(f'two_factor:{name}')}?{query}")
        return self.get_response(request)
