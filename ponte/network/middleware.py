from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
