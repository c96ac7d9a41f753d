"""The API (django-ninja) at /api/v1/: public reads with no token, the token owner's
organisation under /me/ with a bearer token. Every error answers {"detail": ..., "errors":
[{"field", "message"}]}; calls are limited per token, or per address without one."""

import math
import time
from typing import Annotated, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle
from pydantic import Field

from ponte.api.models import ApiToken
from ponte.api.services import token_authenticate
from ponte.core.audit import act_as
from ponte.core.pagination import CAP

MAX_LIMIT = 100
# Calls per minute: without a token, per address; with one, per token.
RATE_ANONYMOUS = 60
RATE_TOKEN = 600
WINDOW = 60

# The random code of an object (core.codes): letters and digits.
Code = Annotated[
    str, Path(pattern=r"^[0-9A-Z]{1,12}$", description=N_("The object's code, e.g. 4KZ7QH2M"))
]

ERRORS_PUBLIC = frozenset({422, 429})
ERRORS_PUBLIC_ONE = frozenset({404, 422, 429})
# 400: a body that is not JSON.
ERRORS_TOKEN = frozenset({400, 401, 403, 422, 429})
ERRORS_TOKEN_ONE = frozenset({400, 401, 403, 404, 422, 429})


class ScopeError(HttpError):
    def __init__(self, scope: str) -> None:
        super().__init__(403, _("This token does not have the scope %(scope)s.") % {"scope": scope})


class FormInvalid(HttpError):
    """A form or a service refused the request: 422 with the errors by field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(422, _("The request is not valid."))
        self.errors = errors


def _over_limit(ident: str, limit: int) -> bool:
    """Count a call of `ident` in the current minute (a fixed window in the cache, shared by
    every process); True once there are more than `limit`."""
    key = f"api:rate:{ident}:{int(time.time() // WINDOW)}"
    cache.add(key, 0, WINDOW + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 1)
        count = 1
    return count > limit


def _until_next_window() -> float:
    return WINDOW - time.time() % WINDOW


class TokenAuth(HttpBearer):
    """Authorization: Bearer ponte_<prefix>.<secret>. The request then acts as the token's
    user, for its organisation and in its role, as the site's access functions expect."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is None:
            # A wrong token costs the address's allowance, as any call without a token does.
            if _over_limit(f"ip:{BaseThrottle().get_ident(request)}", RATE_ANONYMOUS):
                raise Throttled(wait=math.ceil(_until_next_window()))
            return None
        request.user = found.membership.user
        request.membership = found.membership  # type: ignore[attr-defined]
        request.memberships = [found.membership]  # type: ignore[attr-defined]
        # The changes of this call are by the token's user, for its organisation (auditlog's
        # middleware ran before the token was read).
        act_as(found.membership.user, found.membership, api_token=found.prefix)
        return found


class RateLimit(BaseThrottle):
    """Per token with one, per address without."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            return not _over_limit(f"token:{token.pk}", RATE_TOKEN)
        return not _over_limit(f"ip:{self.get_ident(request)}", RATE_ANONYMOUS)

    def wait(self) -> float | None:
        return _until_next_window()


api = NinjaAPI(
    title="Ponte API",
    version="1",
    description=(
        "Public data of the district (organisations, listings, catalogue, openings, open "
        "indicators) and, with a personal token, the listings, openings and exchanges of the "
        "token's organisation."
    ),
    urls_namespace="api",
    docs_url=None,
    throttle=[RateLimit()],
)

token_auth = TokenAuth()


def _error(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _location(parts: Any) -> str:
    """Where an error is, as in the request: body.title (not ninja's body.payload.title, so
    that the schema's errors and the forms' errors name a field the same way)."""
    parts = [str(part) for part in parts]
    if parts[:2] == ["body", "payload"]:
        parts = ["body", *parts[2:]]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _location(e.get("loc", ())), "message": str(e.get("msg"))} for e in exc.errors
    ]
    return _error(request, 422, _("The request is not valid."), errors)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return _error(request, 422, _("The request is not valid."), form_errors(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, _("A valid token is needed: Authorization: Bearer <token>."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, _("Too many requests: wait a minute and try again."))
    if exc.wait is not None:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, exc.message, getattr(exc, "errors", None))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(
        request, 403, _("Your role in the organisation does not allow this (as on the site).")
    )


def form_errors(error: Any) -> list[dict[str, str]]:
    """The errors of a form (its .errors) or of a ValidationError, as field/message pairs, the
    field named as in the request body."""
    items: list[tuple[str, list[str]]]
    if isinstance(error, DjangoValidationError):
        if hasattr(error, "error_dict"):
            items = list(error.message_dict.items())
        else:
            items = [("__all__", error.messages)]
    else:
        items = list(error.items())
    return [
        {"field": "body" if name == "__all__" else f"body.{name}", "message": str(message)}
        for name, messages in items
        for message in messages
    ]


def require_scope(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if scope not in token.scopes:
        raise ScopeError(scope)
    return token


class Paging(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description=N_("How many items, from 1 to 100"))
    offset: int = Field(0, ge=0, le=CAP, description=N_("How many items to skip, at most 1000"))


def page_of(queryset: QuerySet[Any], paging: Paging) -> dict[str, Any]:
    """One page of the queryset and how many rows it has, counted up to core.pagination.CAP
    (+1 to know there are more): two queries, plus one per prefetched relation."""
    count = queryset.order_by()[: CAP + 1].count()
    items = list(queryset[paging.offset : paging.offset + paging.limit])
    return {
        "count": min(count, CAP),
        "count_capped": count > CAP,
        "limit": paging.limit,
        "offset": paging.offset,
        "items": items,
    }
