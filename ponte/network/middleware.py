from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ponte.network.notifications import TARGET_SESSION_KEY
from ponte.network.selectors import active_membership_for, memberships_of

SESSION_KEY = "ponte_membership"


class ActiveMembershipMiddleware:
    """Sets request.memberships (the signed-in user's active memberships) and request.membership
    (the one the user acts for now: chosen with the organisation switcher, the first otherwise).
    Anonymous visitors get an empty list and None, at no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            memberships = memberships_of(request.user)
            membership = active_membership_for(memberships, request.session.get(SESSION_KEY))
        else:
            memberships, membership = [], None
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
