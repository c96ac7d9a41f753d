"""The main navigation. Each app registers its entries in its AppConfig.ready(), so that core
never imports a later app; an entry is shown only to the roles that may use the page."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

_ITEMS: list["NavItem"] = []


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    # Empty: everyone, signed in or not. Otherwise the role of the active membership must be
    # one of these.
    roles: frozenset[str] | set[str] = field(default_factory=frozenset)
    order: int = 50
    staff_only: bool = False


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _ITEMS):
        _ITEMS.append(item)


@lru_cache
def _address(url_name: str) -> str:
    return reverse(url_name)


def items_for(request: HttpRequest) -> Iterable[dict[str, object]]:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    user = request.user
    visible = [
        (item, _address(item.url_name))
        for item in sorted(_ITEMS, key=lambda i: i.order)
        if not (item.staff_only and not user.is_staff)
        and not (item.roles and role not in item.roles)
    ]
    # The current page is the entry whose address is the longest prefix of the path.
    matching = [url for _item, url in visible if request.path.startswith(url)]
    current = max(matching, key=len) if matching else None
    for item, url in visible:
        yield {"url": url, "label": item.label, "active": url == current}
