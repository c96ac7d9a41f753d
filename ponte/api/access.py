"""Who may see and revoke which API token: only the user who made it (404 for anyone else).
Who may use the API: a user acting for an organisation, in any role but the data-protection
officer's (docs/privacy.md: the audit trail only), who gets 403 on the token page."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from ponte.api.models import ApiToken
from ponte.network.access import current_role, signed_in
from ponte.network.models import Role


def may_use_api(request: HttpRequest) -> bool:
    return getattr(request, "membership", None) is not None and current_role(request) != Role.DPO


def check_may_open_tokens(request: HttpRequest) -> None:
    """The token page is open to every signed-in user (one with no role is told why they
    cannot make tokens, and can still revoke old ones), but not to the data-protection
    officer."""
    if current_role(request) == Role.DPO:
        raise PermissionDenied


def tokens_of(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership__user=signed_in(request).user).select_related(
        "membership__organisation"
    )


def get_token_for_user(request: HttpRequest, code: str) -> ApiToken:
    token = tokens_of(request).filter(code=code).first()
    if token is None:
        raise Http404
    return token
