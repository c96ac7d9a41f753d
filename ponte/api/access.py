"""Who may see and revoke which API token: only the user who made it (404 for anyone else)."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from ponte.api.models import ApiToken
from ponte.network.access import signed_in


def tokens_of(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership__user=signed_in(request).user).select_related(
        "membership__organisation"
    )


def get_token_for_user(request: HttpRequest, code: str) -> ApiToken:
    token = tokens_of(request).filter(code=code).first()
    if token is None:
        raise Http404
    return token
