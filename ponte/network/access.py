"""Who may see and change what in the network. Every view reaches organisations and memberships
through these functions: 404 for what a user may not know exists, 403 for what they may see but
not change."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from ponte.network.models import Membership, Organisation, Role, User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required or role_required, once
    ActiveMembershipMiddleware has run: the user is Ponte's, `memberships` their active roles
    and `membership` the one they act in now (None for a user without any role)."""

    user: User
    membership: Membership | None
    memberships: list[Membership]


def signed_in(request: HttpRequest) -> SignedInRequest:
    """A plain request known to be a signed-in user's (an API call with a token, a panel of the
    signed-in home page), typed as such: Ponte's one cast of the request."""
    return cast(SignedInRequest, request)


def acting_membership(request: HttpRequest) -> Membership | None:
    """The role the request acts in: None for visitors and for users without a role."""
    return getattr(request, "membership", None)


def acting_organisation_id(request: HttpRequest) -> int | None:
    membership = acting_membership(request)
    return membership.organisation_id if membership else None


def member_acting(request: HttpRequest) -> Membership:
    """The role of a view behind role_required, which always has one (403 otherwise)."""
    membership = acting_membership(request)
    if membership is None:
        raise PermissionDenied
    return membership


def current_role(request: HttpRequest) -> str | None:
    membership = acting_membership(request)
    return membership.role if membership else None


def is_coordinator(request: HttpRequest) -> bool:
    return current_role(request) == Role.COORDINATOR


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Anonymous visitors are sent to sign in; signed-in users acting in another role get 403."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if current_role(request) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def not_as_dpo(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """403 for a user acting as data-protection officer, who sees the audit trail only
    (docs/privacy.md, "Roles"), on pages otherwise open to every signed-in user."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and current_role(request) == Role.DPO:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def acts_for(request: HttpRequest, organisation: Organisation) -> bool:
    return acting_organisation_id(request) == organisation.pk


def can_edit_profile(request: HttpRequest, organisation: Organisation) -> bool:
    """The coordinator edits every organisation; a member contact edits their own profile."""
    if is_coordinator(request):
        return True
    return acts_for(request, organisation) and current_role(request) == Role.MEMBER_CONTACT


def get_organisation_for_user(
    request: HttpRequest, code: str, *, for_change: bool = False
) -> Organisation:
    organisation = (
        Organisation.objects.select_related("municipality__valley")
        .prefetch_related("sectors")
        .filter(code=code)
        .first()
    )
    if organisation is None:
        raise Http404
    visible = organisation.is_listed or is_coordinator(request) or acts_for(request, organisation)
    if not visible:
        raise Http404
    if for_change and not can_edit_profile(request, organisation):
        raise PermissionDenied
    return organisation


def get_membership_for_coordinator(request: HttpRequest, code: str) -> Membership:
    if not is_coordinator(request):
        raise Http404
    membership = Membership.objects.select_related("user", "organisation").filter(code=code).first()
    if membership is None:
        raise Http404
    return membership
