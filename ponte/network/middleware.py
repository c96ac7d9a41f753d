from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from ponte.network.models import Membership
from ponte.network.notifications import TARGET_SESSION_KEY
from ponte.network.selectors import active_membership_for, memberships_of

SESSION_KEY = "ponte_membership"


def remember_acting_membership(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On sign-in (user_logged_in), the session starts acting for the user's first role."""
    if request is not None and hasattr(request, "session"):
        memberships = memberships_of(user)
        if memberships:
            request.session[SESSION_KEY] = memberships[0].code
        else:
            request.session.pop(SESSION_KEY, None)


class ActiveMembershipMiddleware:
    """Sets request.memberships (the signed-in user's active memberships) and request.membership
    (the one the user acts for now: chosen with the organisation switcher, the first otherwise).
    Anonymous visitors get an empty list and None, at no query.

    The session remembers the membership it acts for; once that membership, its organisation or
    the user is deactivated, the session ends at the next request (docs/privacy.md, "Access
    follows active roles"): the user signs in again, in a role they still hold."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships: list[Membership] = []
        membership = None
        if request.user.is_authenticated:
            memberships = memberships_of(request.user)
            chosen = request.session.get(SESSION_KEY)
            membership = active_membership_for(memberships, chosen)
            if chosen is not None and (membership is None or membership.code != chosen):
                logout(request)
                memberships, membership = [], None
            elif chosen is None and membership is not None:  # a session from before sign-in did it
                request.session[SESSION_KEY] = membership.code
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)


class NotificationTargetMiddleware:
    """When the address a notification just opened (views.notification_open) answers 404 or 403,
    shows instead a page that says the thing is no longer available, without saying whether it
    was removed, closed or is no longer the user's to see. It reads the session only on those
    answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code in (403, 404)
            and request.method == "GET"
            and request.user.is_authenticated
            and request.session.get(TARGET_SESSION_KEY) == request.get_full_path()
        ):
            del request.session[TARGET_SESSION_KEY]
            from ponte.network.views import notification_gone

            return notification_gone(request)
        return response
