"""Whole-page caching of public pages for anonymous visitors.

Public pages (home, directory, an organisation's page) are read far more often than the network
changes. For anonymous GET requests their HTML is cached under a key made of the address, the
language and a *version* that the app computes with one cheap query (e.g. the latest change of
any organisation), so an edit is visible at the next request in every process, with no signal
and no explicit invalidation. Signed-in users always get a fresh page (it shows their name and
role); anonymous pages carry no CSRF token, so the same HTML is valid for every visitor."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

PAGE_TTL = 60 * 10


def cache_public_page(
    version: Callable[[HttpRequest], str],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed-in users, and visitors with a pending message (which the page would show),
            # get a fresh page.
            if (
                request.method != "GET"
                or request.user.is_authenticated
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            raw_key = "|".join(
                (
                    f"{view.__module__}.{view.__qualname__}",
                    get_language(),
                    version(request),
                    request.get_full_path(),
                )
            )
            key = "page:" + hashlib.sha256(raw_key.encode()).hexdigest()
            content = cache.get(key)
            if content is not None:
                response = HttpResponse(content)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.cookies:
                    cache.set(key, response.content, PAGE_TTL)
            patch_vary_headers(response, ("Cookie",))
            return response

        return wrapped

    return decorator


def cached_fragment(
    request: HttpRequest,
    template_name: str,
    context: Callable[[], dict[str, Any]],
    *,
    version: str,
) -> SafeString:
    """The HTML of a part of a page that is the same for every user (e.g. the directory's list
    and map), rendered once per address, language and version. `context` is called only when
    the fragment has to be rendered, so a cached fragment costs no query."""
    raw_key = f"{template_name}|{get_language()}|{version}|{request.get_full_path()}"
    key = "fragment:" + hashlib.sha256(raw_key.encode()).hexdigest()
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context(), request)
        cache.set(key, html, PAGE_TTL)
    return mark_safe(html)  # noqa: S308 - our own template's output


def data_version(request: HttpRequest | None, name: str, *aggregates: str, salt: str = "") -> str:
    """The version under which pages are cached (see above): a short hash of a few aggregates
    that change when the data shown changes (e.g. "SELECT MAX(updated_at) FROM t"), read with
    one query and kept on the request, so a page asking twice pays once. `salt` adds what no row
    says, such as today's date for data that expires by date."""
    attribute = f"_ponte_version_{name}"
    if request is not None and hasattr(request, attribute):
        return str(getattr(request, attribute))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({aggregate})" for aggregate in aggregates))
        raw = "|".join(str(value) for value in cursor.fetchone())
    version = hashlib.sha256(f"{raw}|{salt}".encode()).hexdigest()[:16]
    if request is not None:
        setattr(request, attribute, version)
    return version
