"""The API under /api/v1/: its operations, its specification (openapi.json) and its
documentation page (docs). The API answers only to tokens: the site's session cookie is
ignored, so a signed-in browser sees the public data as anyone does, and no call needs CSRF."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from ponte.api import views
from ponte.api.api import api
from ponte.api.routers import me, public
from ponte.core.audit import act_as

api.add_router("/", public.router)
api.add_router("/me", me.router)


def _without_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.user = AnonymousUser()
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        # Nor is the session's user the author of a change: the token's is (TokenAuth).
        act_as(None, None)
        return view(request, *args, **kwargs)

    return wrapped


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                _without_session(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        wrapped.append(pattern)
    return wrapped


app_name = "api"

urlpatterns = [path("docs", views.docs, name="docs"), *_patterns()]
