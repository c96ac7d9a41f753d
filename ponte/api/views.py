"""The site's pages of the API: a member's tokens at /account/api/ (make one, see its secret
once, revoke one) and the documentation at /api/v1/docs, rendered on the server from the
specification (no script, so it works under the Content-Security-Policy)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ponte.api import services
from ponte.api.access import check_may_open_tokens, get_token_for_user, tokens_of
from ponte.api.api import MAX_LIMIT, RATE_ANONYMOUS, RATE_TOKEN, api
from ponte.api.forms import TokenForm
from ponte.api.models import Scope
from ponte.core.forms import add_service_errors
from ponte.network.access import SignedInRequest


@never_cache
@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    check_may_open_tokens(request)
    membership = getattr(request, "membership", None)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST":
        if membership is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = services.token_create(
                    membership=membership,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    by=request.user,
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                form = TokenForm()
    # The secret is in this answer only: it is never stored, and the page is not cached.
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": list(tokens_of(request)),
            "membership": membership,
        },
    )


@require_POST
@login_required
def token_revoke(request: SignedInRequest, code: str) -> HttpResponse:
    check_may_open_tokens(request)
    token = get_token_for_user(request, code)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")


def _text(english: str) -> str:
    """The specification is in English (its texts are marked with gettext_noop); the page
    shows them in the reader's language."""
    return _(english) if english else ""


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "description": _text(
                        p.get("description") or p.get("schema", {}).get("description", "")
                    ),
                }
                for p in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": _text(operation.get("summary", "")),
                    "token": bool(operation.get("security")),
                    "parameters": parameters,
                    "body": "requestBody" in operation,
                    "statuses": sorted(operation.get("responses", {})),
                    "id": operation.get("operationId", ""),
                }
            )
    return operations


def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = _operations(schema)
    return render(
        request,
        "api/docs.html",
        {
            "public": [o for o in operations if not o["token"]],
            "private": [o for o in operations if o["token"]],
            "scopes": Scope.choices,
            "max_limit": MAX_LIMIT,
            "rate_anonymous": RATE_ANONYMOUS,
            "rate_token": RATE_TOKEN,
        },
    )
