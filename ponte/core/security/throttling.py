"""Login throttling with django-axes: five failed sign-ins for the same username from the same
address lock that combination for AXES_COOLOFF_TIME (settings.py)."""

import logging
from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger("ponte.security")


class PonteAxesBackend(AxesStandaloneBackend):
    """Axes' standalone backend, which refuses a locked-out username and address before any
    password is checked. An authentication without a request (a management command, a test's
    client.login) comes from no address and is left to the next backend: every sign-in over the
    web passes the request (LoginView, the admin)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The visitor's address for the lock. REMOTE_ADDR, unless Ponte runs behind
    PONTE_PROXY_COUNT reverse proxies: then the address the outermost of them saw, i.e. that
    many entries from the right of X-Forwarded-For (entries further left are whatever the
    client sent, and could be forged to dodge the lock)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.PONTE_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def client_str(
    username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest
) -> str:
    """What axes writes in its log lines: the username only, never the address or the browser
    (personal data that the log does not need)."""
    return f"username={username!r}"


@receiver(user_locked_out)
def log_locked_out(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    logger.warning("Sign-in locked out for username %r after repeated failures.", username)


def cooloff_minutes() -> int:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if not isinstance(cooloff, timedelta):
        cooloff = timedelta(hours=float(cooloff or 0))
    return max(1, round(cooloff.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The sign-in page again, with the lock explained instead of the form."""
    context = {"minutes": cooloff_minutes(), "reset_url": reverse("password_reset")}
    return render(
        request,
        "registration/login_locked.html",
        context,
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
